package dev.barista.server;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event per answered request. Disabled by default (a busy server answers many thousands a second):
 * enable it with {@code jcmd <pid> JFR.start settings=...} or a recording that turns on
 * {@code dev.barista.Request}. When disabled, emitting costs one flag check (the instance is never
 * allocated once the JIT has inlined it).
 */
@Name("dev.barista.Request")
@Label("HTTP Request")
@Category({"Barista", "HTTP"})
@Description("One request answered: its method, route pattern, status and latency")
@Enabled(false)
@StackTrace(false)
final class RequestEvent extends Event {
    @Label("Method")
    String method;
    @Label("Route")
    @Description("The route's pattern, or <unmatched>")
    String route;
    @Label("Status")
    int status;
    @Label("Latency")
    @Description("From the request head's arrival to its response being queued for writing")
    @Timespan(Timespan.NANOSECONDS)
    long latency;

    static void emit(String method, String route, int status, long latencyNanos) {
        RequestEvent event = new RequestEvent();
        if (!event.isEnabled()) return;
        event.method = method;
        event.route = route;
        event.status = status;
        event.latency = latencyNanos;
        event.commit();
    }
}
