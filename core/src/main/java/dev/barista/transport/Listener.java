package dev.barista.transport;

import dev.barista.protocol.SessionFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * One listening socket and the protocol its connections speak (cleartext HTTP, or TLS): a server may have
 * several side by side, and a transport accepts from each the same way.
 */
public record Listener(ServerSocketChannel channel, SessionFactory sessions, boolean secure) {

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1; // closed
        }
    }

    public void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
