/**
 * Barista's engine: the HTTP/1.1 codec, the handler API, the dispatch pipeline, event loops and blocking
 * transports, the concurrency models and their processes. It depends on the JDK alone.
 *
 * <p>Exported to everyone, the API: {@code dev.barista} (the server and its builder), {@code handler} (handlers,
 * filters, routes, requests), {@code http} (HTTP values: responses, headers, cookies, media types, forwarding),
 * {@code server} (configuration, statistics, the access log) and {@code client} (the non-blocking HTTP
 * client). The rest (protocol sessions, dispatch, transports, models, processes, the runtime's parts) is not
 * exported, or only to Barista's own modules that build on it.
 */
module dev.barista.core {
    requires java.management;
    requires jdk.management;
    requires jdk.jfr;
    requires jdk.unsupported; // sun.misc.Signal: the prefork master's signal handlers
    requires jdk.security.auth; // UnixSystem: whose uid owns a private directory

    exports dev.barista;
    exports dev.barista.handler;
    exports dev.barista.http;
    exports dev.barista.server;
    exports dev.barista.client;

    // Choosing a model by object rather than by name, and the loops a client can share: Barista's own modules.
    exports dev.barista.model to dev.barista.cli;
    exports dev.barista.process to dev.barista.cli;
    exports dev.barista.transport.nio to dev.barista.shop, dev.barista.load;

    uses dev.barista.handler.JsonMapper;
}
