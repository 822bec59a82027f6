package dev.barista.model;

import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A model that serves from child processes re-running this program (see
 * {@link dev.barista.process.ProcessRole}): in a child, {@code start} serves and never returns, so the
 * server must be handed to its routes through {@code serving} rather than as a return value.
 */
public sealed interface MultiProcessModel extends Model permits PreforkModel, ProcessPerConnectionModel {

    @Override
    RunningServer start(ServerConfig config, Routing routing, Consumer<RunningServer> serving) throws IOException;

    @Override
    default RunningServer start(ServerConfig config, Routing routing) throws IOException {
        return start(config, routing, running -> { });
    }

    @Override
    default boolean multiProcess() {
        return true;
    }
}
