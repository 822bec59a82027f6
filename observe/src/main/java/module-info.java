/**
 * Metrics and health for a Barista server, in one call ({@code Observability.create().addTo(builder)}): the
 * Prometheus exposition of Barista's, the JVM's and the process's metrics, and the health probes with
 * pluggable checks. Core stays dependency-free; this module adds the Prometheus Java client.
 */
module dev.barista.observe {
    requires transitive dev.barista.core;
    // Observability.registry() hands out the PrometheusRegistry, where an embedder registers its own Counter...
    requires transitive io.prometheus.metrics.model;
    requires transitive io.prometheus.metrics.core;
    requires io.prometheus.writer.text;
    requires io.prometheus.metrics.instrumentation.jvm;

    exports dev.barista.observe;
}
