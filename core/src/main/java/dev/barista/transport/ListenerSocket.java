package dev.barista.transport;

import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;

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
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.bind(new InetSocketAddress(config.host(), config.port()), backlog);
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    private static ServerSocketChannel inherited() throws IOException {
        Channel channel = System.inheritedChannel();
        if (channel instanceof ServerSocketChannel server && server.getLocalAddress() != null) return server;
        if (channel != null) channel.close();
        throw new IOException("socket activation: standard input is not a listening TCP socket (systemd: a .socket "
                + "unit with Accept=no, and StandardInput=socket in the service)");
    }
}
