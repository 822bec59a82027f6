package dev.barista.model;

import dev.barista.dispatch.Routing;
import dev.barista.process.ConnectionChildren;
import dev.barista.process.ProcessRole;
import dev.barista.process.ProgramCommand;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * inetd, the chapter's first server: a parent accepts, and every connection is served by a new child
 * process that owns the connected socket as its own descriptor (its stdin), then exits. Perfect isolation
 * — a crash or a leak dies with its connection — bought with a process start per connection, which for a
 * JVM is tens of milliseconds even with a class-data cache: this model exists to show that cost.
 *
 * <p>Live children are bounded by {@code processes} (default: {@code workers}); beyond that the parent
 * stops accepting and connections wait in the listen backlog (see {@link ConnectionChildren}). In a
 * child, {@code start} serves the inherited connection and does not return.
 *
 * @param processes live children at most; 0 means the configured {@code workers}
 */
public record ProcessPerConnectionModel(int processes) implements MultiProcessModel {

    public ProcessPerConnectionModel() {
        this(0);
    }

    public ProcessPerConnectionModel {
        if (processes < 0) throw new IllegalArgumentException("processes must be >= 0 (0: the worker count)");
    }

    @Override
    public String name() {
        return ConnectionChildren.MODEL_NAME;
    }

    @Override
    public String description() {
        return "a parent that accepts and a new child process (a JVM) for every connection, inetd style";
    }

    @Override
    public Model withProcesses(int processes) {
        return new ProcessPerConnectionModel(processes);
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing, Consumer<RunningServer> serving)
            throws IOException {
        if (config.socketActivation()) {
            throw new IllegalStateException("socket activation serves from one process: use reactor, event-loop "
                    + "or a thread model, not " + name());
        }
        if (ProcessRole.current() instanceof ProcessRole.Child child) return child.serve(config, routing, serving);
        RunningServer parent = ConnectionChildren.start(config, processes > 0 ? processes : config.workers(),
                ProgramCommand.current());
        serving.accept(parent);
        return parent;
    }
}
