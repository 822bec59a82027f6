package dev.barista.process;

import dev.barista.Server;
import dev.barista.conformance.ConformanceRoutes;
import dev.barista.conformance.ServerSettings;
import dev.barista.model.Model;

import java.util.Arrays;

/**
 * The program the process tests run in a JVM of its own: a multi-process model re-runs it in each child,
 * so it must be a real main, not a test method. Serves {@link ConformanceRoutes}; prints {@code READY <port> <tls port or -1>}
 * once serving; stops on SIGTERM. ({@link ChildJvm} gives it a logging configuration that leaves out the
 * failures the routes cause on purpose.)
 *
 * <p>Arguments: model name, processes (0: the model's default, or the settings'), then {@link ServerSettings}
 * words ({@code key=value}); every child gets the same arguments, so it builds the same server.
 */
public final class ProcessTestServer {
    private ProcessTestServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerSettings settings = ServerSettings.of(Arrays.copyOfRange(args, 2, args.length));
        Server.Builder builder = ConformanceRoutes.addTo(settings.builder(Model.named(args[0])), settings);
        int processes = Integer.parseInt(args[1]);
        if (processes > 0) builder.processes(processes);
        Server server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + server.port() + " " + server.securePort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
