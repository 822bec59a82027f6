package dev.barista.model;

import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A concurrency model: a small strategy that picks which transport moves the bytes, where handlers run,
 * and how many processes serve. Everything else (codec, handler API, limits, timeouts, counters) is shared.
 */
public sealed interface Model
        permits ReactorModel, EventLoopModel, ThreadPerConnectionModel, ThreadPoolModel, VirtualThreadsModel,
        MultiProcessModel {

    /** The name used on the command line ({@code --model NAME}). */
    String name();

    /** One line: what this model is, for --help and reports. */
    String description();

    RunningServer start(ServerConfig config, Routing routing) throws IOException;

    /**
     * Starts, and hands {@code serving} the server of the process that serves: this one, just before
     * returning; or, in a prefork worker or a connection child, where start never returns, that child's own
     * server before it serves its first request. That is how a route reaches the server it runs in.
     */
    default RunningServer start(ServerConfig config, Routing routing, Consumer<RunningServer> serving)
            throws IOException {
        RunningServer running = start(config, routing);
        serving.accept(running);
        return running;
    }

    /**
     * True if the model serves from child processes that re-run the program up to its
     * {@code Server.Builder.start()} (see {@link dev.barista.process.ProcessRole}): a test runner cannot host
     * it, since re-running one would run the tests again.
     */
    default boolean multiProcess() {
        return false;
    }

    /**
     * This model with {@code processes} processes serving (prefork workers; live children of the
     * process-per-connection model). The single-process models refuse.
     */
    default Model withProcesses(int processes) {
        throw new IllegalArgumentException("the " + name() + " model serves from one process; a process count "
                + "applies to prefork and process-per-connection");
    }

    static List<Model> all() {
        return List.of(new ReactorModel(), new EventLoopModel(), new ThreadPerConnectionModel(),
                new ThreadPoolModel(), new VirtualThreadsModel(), new PreforkModel(), new ProcessPerConnectionModel());
    }

    /** The model with this name; an unknown name fails with a message listing the valid ones. */
    static Model named(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model '" + name + "'; valid models: "
                        + all().stream().map(Model::name).collect(Collectors.joining(", "))));
    }
}
