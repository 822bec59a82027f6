package dev.barista.process;

import dev.barista.protocol.Protocols;
import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.transport.blocking.BlockingTransport;

import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A process-per-connection child (inetd's server side): its descriptor 0 is the connection its parent
 * accepted. It serves that one connection with the blocking connection loop — keep-alive, pipelining,
 * limits and timeouts as everywhere — and exits when it closes. SIGTERM from the parent drains it: an idle
 * connection closes at once, a busy one after its answer.
 */
final class ConnectionChild {
    private ConnectionChild() {
    }

    /** Serves the inherited connection, reports to the parent, then exits the JVM: never returns. */
    static RunningServer serveAndExit(ProcessRole.Child role, ServerConfig config, Routing routing,
                                      Consumer<RunningServer> serving) {
        int code = 0;
        try {
            Channel inherited = System.inheritedChannel();
            if (!(inherited instanceof SocketChannel socket)) {
                System.err.println("barista connection child: stdin is not a connected socket (" + inherited
                        + "); this process is started by a process-per-connection parent");
                code = 2;
            } else {
                ServerContext context = new ServerContext(ConnectionChildren.MODEL_NAME, config, routing,
                        Placement.INLINE);
                BlockingTransport transport = new BlockingTransport(context, Runnable::run, 0);
                ConnectionChildServer server = new ConnectionChildServer(transport, socket, role.ipc(),
                        context.virtualThreads());
                SignalFlags.onTerm(() -> stopQuietly(transport, config));
                serving.accept(server);
                transport.serveInherited(socket, role.secure() ? Protocols.tls(context) : Protocols.cleartext(context));
                server.reportExit();
            }
        } catch (Throwable t) {
            System.err.println("barista connection child " + ProcessHandle.current().pid() + " failed: " + t);
            code = 1;
        }
        System.exit(code);
        throw new AssertionError("unreachable");
    }

    private static void stopQuietly(BlockingTransport transport, ServerConfig config) {
        try {
            transport.stop(config.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
