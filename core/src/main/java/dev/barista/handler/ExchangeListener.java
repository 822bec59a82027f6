package dev.barista.handler;

import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.net.InetSocketAddress;

/**
 * Told of every answer as it is handed to its connection, including the codec's answers to messages that
 * never became requests (then {@code head} is null): where metrics and access logs plug in. Built in: the
 * server's counters and latency histograms, JFR's {@code dev.barista.Request} event, and the access log;
 * add more with {@code Server.Builder.listener}.
 *
 * <p>Called on the thread that serves the connection (an event loop, often): it must be quick and must
 * never block. It cannot change the response (that is a {@link Filter}'s job).
 */
@FunctionalInterface
public interface ExchangeListener {

    /**
     * @param head   the request's head, or null for a message that could not be parsed
     * @param route  the route that served it, or null when none matched
     * @param nanos  from the request's head arriving to its response being queued for writing
     * @param remote the connection's peer (a proxy in front, if any)
     */
    void answered(RequestHead head, Route route, Response response, long nanos, InetSocketAddress remote);
}
