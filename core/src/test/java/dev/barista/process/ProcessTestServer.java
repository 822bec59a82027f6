package dev.barista.process;

import dev.barista.Server;
import dev.barista.http.Response;
import dev.barista.server.Timeouts;

import java.time.Duration;

/**
 * The program the process tests run in a JVM of its own: a multi-process model re-runs it in each child,
 * so it must be a real main, not a test method. Prints {@code READY <port>} once serving; stops on SIGTERM.
 *
 * <p>Arguments: model name, processes (0: the model's default).
 */
public final class ProcessTestServer {
    private ProcessTestServer() {
    }

    public static void main(String[] args) throws Exception {
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(args[0])
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofMillis(200)))
                .shutdownGrace(Duration.ofSeconds(5))
                .getNonBlocking("/hello", request -> Response.text("hello"))
                .getNonBlocking("/pid", request -> Response.text(Long.toString(ProcessHandle.current().pid())))
                .get("/slow", request -> {
                    Thread.sleep(Long.parseLong(request.queryParam("ms")));
                    return Response.text("slow " + ProcessHandle.current().pid());
                });
        int processes = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (processes > 0) builder.processes(processes);
        Server server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
