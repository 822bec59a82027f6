package dev.barista.transport.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Drives a client and a server {@link SSLEngine} against each other through two byte buffers, with no socket
 * (the shape of the JDK's own SSLEngineTemplate): each turn both wrap, both unwrap, and delegated tasks run
 * inline, until both are done and no byte is in flight, or one side fails.
 */
public final class InMemoryHandshake {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_TURNS = 200;

    /**
     * How it ended.
     *
     * @param serverFailure        what the server threw, or null
     * @param clientFailure        what the client threw, or null (the client may fail on the server's alert)
     * @param serverHandshakeBytes bytes the server sent: a resumed handshake sends no certificate, so far fewer
     */
    public record Outcome(SSLException serverFailure, SSLException clientFailure, int serverHandshakeBytes) {
        public boolean completed() {
            return serverFailure == null && clientFailure == null;
        }
    }

    private InMemoryHandshake() {
    }

    /**
     * Starts (or, after a first one, restarts: a client-initiated renegotiation) the client's handshake and runs
     * both engines until it ends. The server is never told to begin: it answers what arrives.
     */
    public static Outcome run(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        ByteBuffer clientIn = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() + 64);
        ByteBuffer serverIn = ByteBuffer.allocate(server.getSession().getApplicationBufferSize() + 64);
        int serverBytes = 0;
        client.beginHandshake();
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            try {
                client.wrap(EMPTY, toServer);
                runTasks(client);
            } catch (SSLException e) {
                return new Outcome(null, e, serverBytes);
            }
            int before = toClient.position();
            try {
                server.wrap(EMPTY, toClient);
                runTasks(server);
            } catch (SSLException e) {
                return new Outcome(e, null, serverBytes);
            }
            serverBytes += toClient.position() - before;

            toServer.flip();
            toClient.flip();
            try {
                client.unwrap(toClient, clientIn);
                runTasks(client);
            } catch (SSLException e) {
                return new Outcome(null, e, serverBytes);
            }
            try {
                server.unwrap(toServer, serverIn);
                runTasks(server);
            } catch (SSLException e) {
                return new Outcome(e, null, serverBytes);
            }
            toServer.compact();
            toClient.compact();

            if (idle(client) && idle(server) && toServer.position() == 0 && toClient.position() == 0) {
                return new Outcome(null, null, serverBytes);
            }
        }
        throw new AssertionError("the handshake did not finish in " + MAX_TURNS + " turns: client "
                + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
    }

    /** Feeds {@code bytes} to the server as if a client sent them, and returns what the server threw, or null. */
    public static SSLException feed(SSLEngine server, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ByteBuffer app = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        ByteBuffer out = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        try {
            for (int turn = 0; turn < MAX_TURNS && in.hasRemaining(); turn++) {
                server.unwrap(in, app);
                runTasks(server);
                if (server.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) server.wrap(EMPTY, out);
            }
            return null;
        } catch (SSLException e) {
            return e;
        }
    }

    private static boolean idle(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
    }
}
