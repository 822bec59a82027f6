package dev.barista.transport.nio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event when the watchdog finds an event-loop turn running past the blocked-loop threshold (enabled by
 * default: it is rare and always worth seeing). Emitted once per blocked turn, by the watchdog thread, with
 * the loop thread's stack at that moment as text (JFR's own stack trace would be the watchdog's).
 */
@Name("dev.barista.BlockedLoop")
@Label("Blocked Event Loop")
@Category({"Barista", "Event Loop"})
@Description("An event-loop turn ran longer than the blocked-loop threshold: something blocking ran on the loop")
@StackTrace(false)
final class BlockedLoopEvent extends jdk.jfr.Event {
    private static final int MAX_FRAMES = 16;

    @Label("Loop")
    String loop;
    @Label("Blocked For")
    @Description("How long the turn had run when the watchdog looked")
    @Timespan(Timespan.NANOSECONDS)
    long blockedFor;
    @Label("Loop Stack")
    String loopStack;

    static void emit(String loop, long blockedNanos, Thread loopThread) {
        BlockedLoopEvent event = new BlockedLoopEvent();
        if (!event.isEnabled()) return;
        event.loop = loop;
        event.blockedFor = blockedNanos;
        StringBuilder stack = new StringBuilder();
        StackTraceElement[] frames = loopThread.getStackTrace();
        for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) stack.append(frames[i]).append('\n');
        event.loopStack = stack.toString();
        event.commit();
    }
}
