package dev.barista.process;

import dev.barista.Server;
import dev.barista.conformance.ConformanceRoutes;
import dev.barista.conformance.ServerSettings;
import dev.barista.model.Model;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The program the process tests run in a JVM of its own: a multi-process model re-runs it in each child,
 * so it must be a real main, not a test method. Serves {@link ConformanceRoutes}; prints {@code READY <port>}
 * once serving; stops on SIGTERM.
 *
 * <p>Arguments: model name, processes (0: the model's default, or the settings'), then {@link ServerSettings}
 * words ({@code key=value}); every child gets the same arguments, so it builds the same server.
 */
public final class ProcessTestServer {
    private ProcessTestServer() {
    }

    public static void main(String[] args) throws Exception {
        quietExpectedFailures();
        ServerSettings settings = ServerSettings.of(Arrays.copyOfRange(args, 2, args.length));
        Server.Builder builder = ConformanceRoutes.addTo(settings.builder(Model.named(args[0])), settings);
        int processes = Integer.parseInt(args[1]);
        if (processes > 0) builder.processes(processes);
        Server server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Leaves out of the log the failures the routes cause on purpose (a handler that throws, a stream that
     * fails), so that the tests can read any failure left in the output as a real one.
     */
    private static void quietExpectedFailures() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFilter(ProcessTestServer::unexpected);
        }
    }

    private static boolean unexpected(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(ConformanceRoutes.EXPECTED_FAILURE)) return false;
        }
        return true;
    }
}
