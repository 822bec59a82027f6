package dev.barista.transport;

import dev.barista.protocol.Protocols;
import dev.barista.runtime.ServerContext;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a single-process server listens: a socket it binds itself, or, with socket activation, the listening
 * socket its supervisor bound and passed as standard input (systemd's {@code StandardInput=socket} with
 * {@code Accept=no}; inetd's "wait" services). An activated socket outlives the process: connections that
 * arrive while it restarts wait in the socket's backlog instead of being refused.
 */
public final class ListenerSocket {

    private ListenerSocket() {
    }

    /**
     * The listening channel for {@code config}, blocking as returned by {@link ServerSocketChannel#open()}.
     *
     * @param reusePort bind with SO_REUSEPORT so that several processes can share the port (prefork)
     */
    public static ServerSocketChannel open(ServerConfig config, boolean reusePort, int backlog) throws IOException {
        if (config.socketActivation()) return inherited();
        return bind(config.host(), config.port(), reusePort, backlog);
    }

    private static ServerSocketChannel bind(String host, int port, boolean reusePort, int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress(host, port), backlog);
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Every listener {@code context}'s configuration asks for: the cleartext one (bound, or inherited with
     * socket activation) and, with TLS configured, the TLS one beside it. All or none: a failure closes those
     * already open.
     */
    public static List<Listener> openAll(ServerContext context, boolean reusePort, int backlog) throws IOException {
        List<Listener> listeners = new ArrayList<>();
        ServerConfig config = context.config();
        listeners.add(Listener.of(open(config, reusePort, backlog), Protocols.cleartext(context), false));
        if (context.tls() != null) {
            try {
                listeners.add(Listener.of(bind(config.host(), config.tlsPort(), reusePort, backlog),
                        Protocols.tls(context), true));
            } catch (IOException e) {
                listeners.forEach(Listener::closeQuietly);
                throw e;
            }
        }
        return List.copyOf(listeners);
    }

    /** The port of the first listener that is (or is not) secure, or -1. */
    public static int port(List<Listener> listeners, boolean secure) {
        for (Listener listener : listeners) {
            if (listener.secure() == secure) return listener.port();
        }
        return -1;
    }

    private static ServerSocketChannel inherited() throws IOException {
        Channel channel = System.inheritedChannel();
        if (channel instanceof ServerSocketChannel server && server.getLocalAddress() != null) return server;
        if (channel != null) channel.close();
        throw new IOException("socket activation: standard input is not a listening TCP socket (systemd: a .socket "
                + "unit with Accept=no, and StandardInput=socket in the service)");
    }
}
