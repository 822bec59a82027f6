package dev.barista.transport;

import dev.barista.protocol.SessionFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * One listening socket and the protocol its connections speak (cleartext HTTP, or TLS): a server may have
 * several side by side, and a transport accepts from each the same way.
 */
public record Listener(ServerSocketChannel channel, SessionFactory sessions, boolean secure, int port) {

    /** The listener on a bound channel; its port is read now, so that it is still known once closed. */
    public static Listener of(ServerSocketChannel channel, SessionFactory sessions, boolean secure) throws IOException {
        return new Listener(channel, sessions, secure, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    }

    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
