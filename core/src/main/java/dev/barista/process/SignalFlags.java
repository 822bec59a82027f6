package dev.barista.process;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The prefork master's signals, the nginx way: a handler only raises a flag (a counter) and wakes the
 * supervisors; each supervisor acts on it in its own thread, in its own time. Counters rather than
 * booleans so that several masters in one JVM each see every signal, and none consumes it for the others.
 *
 * <p>The one table:
 * <pre>
 *   HUP        → RELOAD          start new workers, wait until they are ready, then drain the old ones
 *   TERM       → STOP            workers drain for up to shutdownGrace, then exit; then the master
 *   INT, QUIT  → GRACEFUL_STOP   the same drain
 * </pre>
 * nginx's TERM is a fast stop; here the issue asks that SIGTERM be graceful (as it is for every model), so
 * the fast stop is the second stop signal: one arriving while a stop is under way makes the workers close
 * everything at once. QUIT is the JVM's thread-dump signal and cannot be caught unless the JVM runs with
 * {@code -Xrs}; then it works as listed, otherwise INT does the same.
 *
 * <p>Handlers are installed while at least one master runs and the JVM's own ones restored after, so an
 * embedded program gets its usual signal behaviour back. After a signal-initiated stop the master calls
 * the replaced handler ({@link #chainToPrevious}), which is the JVM's: shutdown hooks, exit 128+n.
 */
public final class SignalFlags {
    public enum Action { RELOAD, STOP, GRACEFUL_STOP }

    static final Map<String, Action> TABLE;

    static {
        Map<String, Action> table = new LinkedHashMap<>();
        table.put("HUP", Action.RELOAD);
        table.put("TERM", Action.STOP);
        table.put("INT", Action.GRACEFUL_STOP);
        table.put("QUIT", Action.GRACEFUL_STOP);
        TABLE = Map.copyOf(table);
    }

    private static final Map<Action, AtomicLong> RAISED = new EnumMap<>(Action.class);
    private static final List<Thread> WAITERS = new CopyOnWriteArrayList<>();
    private static final Map<String, SignalHandler> PREVIOUS = new LinkedHashMap<>();
    private static volatile String lastStopSignal = "TERM";

    static {
        for (Action a : Action.values()) RAISED.put(a, new AtomicLong());
    }

    private SignalFlags() {
    }

    /** How many times this action's signals arrived since the JVM started. */
    static long raised(Action action) {
        return RAISED.get(action).get();
    }

    /** Installs the table (first subscriber) and wakes {@code supervisor} on every signal. */
    static synchronized void subscribe(Thread supervisor) {
        if (WAITERS.isEmpty()) {
            TABLE.forEach((name, action) -> {
                try {
                    SignalHandler handler = signal -> raise(name, action);
                    SignalHandler previous = Signal.handle(new Signal(name), handler);
                    if (previous == SignalHandler.SIG_IGN && name.equals("HUP")) {
                        // Started ignoring HUP (nohup, or a runner that does): the JVM then keeps it ignored
                        // and installs nothing. A master is a daemon whose HUP means reload, as nginx's is.
                        Posix.restoreDefaultDisposition(Posix.SIGHUP);
                        Signal.handle(new Signal(name), handler);
                    }
                    PREVIOUS.put(name, previous);
                } catch (IllegalArgumentException e) {
                    // QUIT without -Xrs: the JVM keeps it for thread dumps; INT does the same job.
                    System.getLogger(SignalFlags.class.getName()).log(System.Logger.Level.DEBUG,
                            "SIG" + name + " not available: " + e.getMessage());
                }
            });
        }
        WAITERS.add(supervisor);
    }

    /** Stops waking {@code supervisor}; the last one out restores the JVM's handlers. */
    static synchronized void unsubscribe(Thread supervisor) {
        if (!WAITERS.remove(supervisor) || !WAITERS.isEmpty()) return;
        // PREVIOUS is kept: chainToPrevious may still need it after the last master stopped.
        PREVIOUS.forEach((name, previous) -> Signal.handle(new Signal(name), previous));
    }

    /** The handler: a flag and a wake-up, nothing else. Runs on the JVM's signal dispatch thread. */
    private static void raise(String name, Action action) {
        if (action != Action.RELOAD) lastStopSignal = name;
        RAISED.get(action).incrementAndGet();
        for (Thread waiter : WAITERS) LockSupport.unpark(waiter);
    }

    /**
     * After a signal-initiated stop: does what the JVM would have done with the last stop signal had we not
     * caught it (its handler runs shutdown hooks and exits with 128+n). Returns if there was none.
     */
    static void chainToPrevious() {
        String name = lastStopSignal;
        SignalHandler previous;
        synchronized (SignalFlags.class) {
            previous = PREVIOUS.get(name);
        }
        if (previous != null && previous != SignalHandler.SIG_DFL && previous != SignalHandler.SIG_IGN) {
            previous.handle(new Signal(name));
        }
    }

    /**
     * In a child process: INT and HUP from a terminal reach the whole process group, and the master decides
     * what they mean; a worker ignores them.
     */
    static void ignoreTerminalSignals() {
        for (String name : List.of("INT", "HUP")) Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
    }

    /** In a child process: what to do on SIGTERM sent to it alone (run on the JVM's signal thread). */
    static void onTerm(Runnable action) {
        Signal.handle(new Signal("TERM"), signal -> action.run());
    }
}
