package dev.barista.server;

import dev.barista.runtime.Overload;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A JFR event for work refused because the server was full: answered 503 (enabled by default: rare). */
@Name("dev.barista.RejectedWork")
@Label("Rejected Work")
@Category({"Barista", "Overload"})
@Description("A hand-off to a full worker pool, or a connection refused at the limit")
@StackTrace(false)
public final class RejectedWorkEvent extends Event {
    @Label("What")
    @Description("worker_pool or connection_limit")
    String what;
    @Label("Route")
    String route;

    public static void emit(String what, String route) {
        RejectedWorkEvent event = new RejectedWorkEvent();
        if (!event.isEnabled()) return;
        event.what = what;
        event.route = route;
        event.commit();
    }
}
