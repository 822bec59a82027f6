package dev.barista.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barista.load.LoadConfig;
import dev.barista.load.LoadGenerator;
import dev.barista.load.LoadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code barista load URL}: an HTTP/1.1 load generator on Barista's own event loops. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"An HTTP/1.1 load generator on Barista's event loops, closed loop (like wrk) or open loop at "
                + "a fixed rate (like wrk2, latency from each request's intended send time).",
                "Exit status: 0, or 1 when no response at all was measured."})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", description = "http://host:port/path?query")
    URI url;

    @Option(names = {"-c", "--connections"}, description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections = 100;

    @Option(names = {"-d", "--duration"}, description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration = 10;

    @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    double warmup = 2;

    @Option(names = "--pipeline", description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline = 1;

    @Option(names = {"-R", "--rate"}, description = "Open loop: requests/s in all; latency is corrected for "
            + "coordinated omission (default: closed loop).")
    double rate;

    @Option(names = "--loops", description = "Event loops (default: one per core).")
    Integer loops;

    @Option(names = "--timeout", description = "Seconds without a response before a request times out "
            + "(default: ${DEFAULT-VALUE}).")
    double timeout = 5;

    @Option(names = {"-H", "--header"}, description = "A request header, 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--method", description = "Request method (default: ${DEFAULT-VALUE}).")
    String method = "GET";

    @Option(names = "--body", description = "Request body (default: none).")
    String body = "";

    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<String> pairs = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("a header is 'Name: value', got: " + h);
            pairs.add(h.substring(0, colon).trim());
            pairs.add(h.substring(colon + 1).trim());
        }
        LoadConfig config = new LoadConfig(url, connections, pipeline, rate, seconds(warmup), seconds(duration),
                loops != null ? loops : Runtime.getRuntime().availableProcessors(), seconds(timeout), pairs, method,
                body.getBytes(StandardCharsets.UTF_8));
        boolean tty = System.console() != null && System.console().isTerminal();
        LoadResult result = new LoadGenerator(config).run(p -> {
            if (tty) System.err.print("\r" + p.line() + "   ");
        });
        if (tty) System.err.print("\r" + " ".repeat(100) + "\r");
        if (json) {
            System.out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            System.out.print(result.text());
        }
        return result.requests() > 0 ? 0 : 1;
    }

    static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
