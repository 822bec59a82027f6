package dev.barista.process;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.server.ServerSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The program the stats tests run in child JVMs (a multi-process model re-runs it in each child, so it must
 * be a real main). {@code /whole} answers, from whichever process serves it, the whole server's snapshot
 * next to that process's own, as {@code key=value} words. Prints {@code READY <port>} once serving.
 *
 * <p>Arguments: model name, processes.
 */
public final class StatsTestServer {
    private StatsTestServer() {
    }

    public static void main(String[] args) throws Exception {
        AtomicReference<Server> self = new AtomicReference<>();
        Server server = Server.builder().host("127.0.0.1").port(0).model(args[0])
                .processes(Integer.parseInt(args[1]))
                .shutdownGrace(Duration.ofSeconds(2))
                .onStart(self::set)
                .get("/pid", Endpoint.nonBlocking(request -> Response.text(Long.toString(ProcessHandle.current().pid()))))
                .get("/whole", Endpoint.async(request -> self.get().wholeServerSnapshot()
                        .thenApply(whole -> Response.text(describe(whole, self.get().snapshot())))))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String describe(ServerSnapshot whole, ServerSnapshot own) {
        return String.join(" ", "pid=" + ProcessHandle.current().pid(), "model=" + whole.model(),
                "partial=" + whole.partial(), "processes=" + whole.processes(),
                "requests=" + whole.counters().requests(), "own_requests=" + own.counters().requests(),
                "platform_threads=" + whole.threads().platform(), "own_platform_threads=" + own.threads().platform(),
                "loops=" + (whole.eventLoops() == null ? "none" : whole.eventLoops().count()),
                "pool_threads=" + (whole.workerPool() == null ? "none" : whole.workerPool().threads()),
                "workers=" + (whole.prefork() == null ? "none" : whole.prefork().workers()),
                "live_children=" + (whole.children() == null ? "none" : whole.children().live()),
                "pid_route=" + routeCount(whole, "GET", "/pid"),
                "unmatched=" + routeCount(whole, "", dev.barista.server.RouteMetrics.UNMATCHED),
                "client_closed=" + (whole.traffic() == null ? "none"
                        : whole.traffic().closed(dev.barista.server.CloseReason.CLIENT_CLOSED)));
    }

    private static String routeCount(ServerSnapshot s, String method, String route) {
        if (s.traffic() == null) return "none";
        ServerSnapshot.RouteTraffic r = s.traffic().route(method, route);
        return r == null ? "0" : r.count() + "/" + r.duration().count();
    }

    /** This program as a {@link ProgramCommand} for a master or parent started inside a test JVM. */
    static ProgramCommand program(String model, int processes) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> options = new ArrayList<>(List.of("-ea", "--enable-native-access=ALL-UNNAMED", "-Xss1m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        return new ProgramCommand(java, options, List.of(StatsTestServer.class.getName()),
                List.of(model, Integer.toString(processes)));
    }
}
