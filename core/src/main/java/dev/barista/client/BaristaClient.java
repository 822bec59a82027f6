package dev.barista.client;

import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.EventLoopGroup;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Barista's non-blocking HTTP/1.1 client, the RPC transport between services. It runs on event loops — its own,
 * or a server's shared with {@link #BaristaClient(ClientConfig, EventLoopGroup)} — and never blocks them.
 *
 * <pre>{@code
 * BaristaClient client = new BaristaClient(ClientConfig.DEFAULTS, group); // a started group, e.g. a server's
 * // or: new BaristaClient(ClientConfig.DEFAULTS) with a loop of its own
 * Upstream users = client.upstream("127.0.0.1", 8081);
 * users.send(ClientRequest.get("/users/7"), (response, failure) -> ...);   // callback, on the loop
 * users.sendAsync(ClientRequest.get("/users/7")).thenApply(...);          // CompletableFuture
 * ClientResponse r = users.send(ClientRequest.get("/users/7"));           // blocking: workers, virtual threads
 * }</pre>
 *
 * Each {@link Upstream} is pinned to one loop (round-robin over the group, or the loop you pass), which owns its
 * connections, timers and callbacks. Not named {@code HttpClient} so it is never mistaken for
 * {@code java.net.http.HttpClient}.
 */
public final class BaristaClient implements AutoCloseable {
    private final ClientConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final List<Upstream> upstreams = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();

    /** A client with its own event loops (one), stopped by {@link #close()}. */
    public BaristaClient(ClientConfig config) {
        this(config, startOwnGroup(), true);
    }

    /** A client on an existing, started group (a server's): {@link #close()} leaves the loops running. */
    public BaristaClient(ClientConfig config, EventLoopGroup group) {
        this(config, group, false);
    }

    private BaristaClient(ClientConfig config, EventLoopGroup group, boolean ownsGroup) {
        this.config = config;
        this.group = group;
        this.ownsGroup = ownsGroup;
    }

    private static EventLoopGroup startOwnGroup() {
        EventLoopGroup group = new EventLoopGroup(1, "barista-client", Duration.ofMillis(500));
        group.start();
        return group;
    }

    public ClientConfig config() {
        return config;
    }

    /**
     * An upstream on the next loop of the group. The host name is resolved here, once, on the calling thread (a
     * lookup may block, so never on a loop).
     */
    public Upstream upstream(String host, int port) {
        List<EventLoop> loops = group.loops();
        return upstream(host, port, loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size())));
    }

    /** An upstream for {@code http://host:port} (the URI's path is ignored). */
    public Upstream upstream(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) throw new IllegalArgumentException("only http:// URIs");
        return upstream(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }

    /** An upstream pinned to {@code loop}, for callers that want their callbacks on their own loop. */
    public Upstream upstream(String host, int port, EventLoop loop) {
        if (!group.loops().contains(loop)) throw new IllegalArgumentException("the loop is not in this client's group");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) throw new IllegalArgumentException("cannot resolve " + host);
        Upstream upstream = new Upstream(this, loop, address, config);
        upstreams.add(upstream);
        return upstream;
    }

    /** Throws IllegalStateException on one of this client's loops, where waiting would stall every connection. */
    void checkNotOnLoop() {
        for (EventLoop loop : group.loops()) {
            if (loop.inLoop()) {
                throw new IllegalStateException("blocking send on event loop " + loop.name()
                        + ": use send(request, callback) or sendAsync(request) there");
            }
        }
    }

    /** Fails what is pending, closes every connection, and stops the loops if the client owns them. */
    @Override
    public void close() {
        for (Upstream upstream : upstreams) upstream.close();
        upstreams.clear();
        if (ownsGroup) {
            try {
                group.stop(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
