package dev.barista.model;

import dev.barista.dispatch.Routing;
import dev.barista.process.PreforkMaster;
import dev.barista.process.ProcessRole;
import dev.barista.process.ProgramCommand;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * nginx: a master process that serves nothing and supervises N worker processes; each worker binds the
 * same port with SO_REUSEPORT, so the kernel spreads connections over them, and runs one event loop (the
 * reactor, with its worker pool for blocking routes). A crash takes down one worker, not the server, and
 * the master restarts it; SIGHUP starts fresh workers and drains the old ones; SIGTERM drains them all.
 * The price: N copies of everything (heap, caches, JIT work), and no memory shared between requests of
 * different workers.
 *
 * <p>The workers re-run this program: see {@link ProcessRole}. In a worker, {@code start} does not return.
 *
 * @param processes worker processes; 0 means one per core
 */
public record PreforkModel(int processes) implements MultiProcessModel {

    public PreforkModel() {
        this(0);
    }

    public PreforkModel {
        if (processes < 0) throw new IllegalArgumentException("processes must be >= 0 (0: one per core)");
    }

    @Override
    public String name() {
        return PreforkMaster.MODEL_NAME;
    }

    @Override
    public String description() {
        return "a master and N worker processes (one per core), each one event loop on a SO_REUSEPORT socket";
    }

    @Override
    public Model withProcesses(int processes) {
        return new PreforkModel(processes);
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing, Consumer<RunningServer> serving)
            throws IOException {
        if (config.socketActivation()) {
            throw new IllegalStateException("socket activation serves from one process: use reactor, event-loop "
                    + "or a thread model, not " + name());
        }
        if (ProcessRole.current() instanceof ProcessRole.Worker worker) return worker.serve(config, routing, serving);
        RunningServer master = PreforkMaster.start(config, workerCount(), ProgramCommand.current());
        serving.accept(master);
        return master;
    }

    /** The number of workers this model starts. */
    public int workerCount() {
        return processes > 0 ? processes : Runtime.getRuntime().availableProcessors();
    }
}
