/**
 * Benchmarks: JMH micro-benchmarks, the allocation probe, and the peer servers (Netty over HTTP/1.1, and over TLS
 * and HTTP/2; Undertow, Vert.x, Helidon SE) that Barista is measured beside. Not a library: it runs as one shaded jar.
 */
module dev.barista.bench {
    requires dev.barista.core;
    requires jmh.core;                     // no module name of its own: the jar's
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires undertow.core;                // no module name of its own: the jar's
    requires io.vertx.core;
    requires io.vertx.web;
    requires io.helidon.webserver;
    requires io.helidon.http;
    requires com.fasterxml.jackson.databind;
    requires java.management;
    requires java.net.http;                // the fault clients poll /stats
    requires jdk.management;

    // JMH instantiates the generated benchmark classes, and their state, by reflection.
    opens dev.barista.bench.codec;
    opens dev.barista.bench.metrics;
    opens dev.barista.bench.codec.jmh_generated;
    opens dev.barista.bench.metrics.jmh_generated;
}
