package dev.barista.process;

import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What this JVM is in a multi-process server, and the one place that decides it.
 *
 * <p>Routes are code (lambdas), so they cannot be sent to another process; instead a master or parent
 * re-runs the very program that built them ({@link ProgramCommand}) with one more system property. The
 * child's {@code Server.Builder.start()} reaches the same model, which asks {@link #current()} and, instead
 * of starting a master or a parent again, serves as a worker or serves its inherited connection ({@code
 * serve}, which never returns). Nothing else reads these properties.
 *
 * <p>What follows for a program: everything its main does before {@code start()} happens again in every
 * child (build routes there, not side effects); nothing after it does; and one multi-process server per
 * program, since a child serves the first one it reaches. Test runners are refused ({@link ProgramCommand}).
 */
public sealed interface ProcessRole {
    String ROLE = "barista.role";
    String IPC = "barista.ipc";
    String WORKER_ID = "barista.worker-id";
    String PORT = "barista.port";
    String TLS_PORT = "barista.tls-port";
    String SECURE = "barista.secure";

    /** An ordinary process: whatever the model does when it is started, it does here. */
    record Parent() implements ProcessRole {
    }

    /**
     * A prefork worker: binds {@code port} (and {@code tlsPort}, when the server has TLS; else -1) with
     * SO_REUSEPORT, reports to the master at {@code ipc} as {@code workerId}.
     */
    record Worker(Path ipc, long workerId, int port, int tlsPort) implements ProcessRole {
        static final String NAME = "prefork-worker";

        /**
         * Serves as this worker until told to stop, then exits the JVM: never returns. {@code serving} gets
         * the worker's server before its first request.
         */
        public RunningServer serve(ServerConfig config, Routing routing, Consumer<RunningServer> serving) {
            return PreforkWorker.serveAndExit(this, config, routing, serving);
        }

        /** The system properties that make a re-run program this worker. */
        List<String> jvmOptions() {
            return List.of("-D" + ROLE + "=" + NAME, "-D" + IPC + "=" + ipc, "-D" + WORKER_ID + "=" + workerId,
                    "-D" + PORT + "=" + port, "-D" + TLS_PORT + "=" + tlsPort);
        }
    }

    /**
     * A process-per-connection child: serves the connected socket it found as its stdin (with TLS when it came
     * from the TLS listener: {@code secure}), then exits; asks its parent at {@code ipc} for the whole server's
     * statistics, and reports its own there as it exits.
     */
    record Child(Path ipc, boolean secure) implements ProcessRole {
        static final String NAME = "connection-child";

        /**
         * Serves the connection inherited as stdin, then exits the JVM: never returns. {@code serving} gets
         * the child's server before its first request.
         */
        public RunningServer serve(ServerConfig config, Routing routing, Consumer<RunningServer> serving) {
            return ConnectionChild.serveAndExit(this, config, routing, serving);
        }

        /** The system properties that make a re-run program this child. */
        List<String> jvmOptions() {
            return List.of("-D" + ROLE + "=" + NAME, "-D" + IPC + "=" + ipc, "-D" + SECURE + "=" + secure);
        }
    }

    /** This process's role, from the properties its parent started it with. */
    static ProcessRole current() {
        String role = System.getProperty(ROLE);
        if (role == null) return new Parent();
        return switch (role) {
            case Worker.NAME -> new Worker(Path.of(required(IPC)), Long.parseLong(required(WORKER_ID)),
                    Integer.parseInt(required(PORT)), Integer.parseInt(required(TLS_PORT)));
            case Child.NAME -> new Child(Path.of(required(IPC)), Boolean.getBoolean(SECURE));
            default -> throw new IllegalStateException("unknown " + ROLE + " '" + role + "'");
        };
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) throw new IllegalStateException(ROLE + " is set but " + property + " is missing");
        return value;
    }
}
