package dev.barista.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barista.load.LoadConfig;
import dev.barista.load.LoadGenerator;
import dev.barista.load.LoadResult;
import dev.barista.load.RequestMix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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

    @Parameters(paramLabel = "URL", converter = HttpUrlConverter.class, description = "http://host:port/path?query")
    URI url;

    @Option(names = {"-c", "--connections"}, converter = NumberRanges.AtLeastOne.class,
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections = 100;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s",
            description = "Measured time: 10 (seconds), 10s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s",
            description = "Time before measuring (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--pipeline", converter = NumberRanges.AtLeastOne.class,
            description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline = 1;

    @Option(names = {"-R", "--rate"}, converter = NumberRanges.Rate.class,
            description = "Open loop: requests/s in all; latency is corrected for coordinated omission "
                    + "(default: closed loop).")
    double rate;

    @Option(names = "--loops", converter = NumberRanges.AtLeastOne.class,
            description = "Event loops (default: one per core).")
    Integer loops;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Time without a response before a request times out (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-H", "--header"}, converter = HeaderConverter.class,
            description = "A request header, 'Name: value' (repeatable).")
    List<String[]> headers = new ArrayList<>();

    @Option(names = "--method", converter = MethodConverter.class,
            description = "Request method (default: ${DEFAULT-VALUE}).")
    String method = "GET";

    @Option(names = "--body", description = "Request body (default: none).")
    String body = "";

    @Option(names = "--slow", paramLabel = "TARGET", description = "A slow request target (path and query, e.g. "
            + "/sleep?ms=20) mixed into the run, repeatable: a --slow-share of the requests go to them, the rest to "
            + "URL, and the two classes are reported apart (a fast request stuck behind a slow one shows).")
    List<String> slowTargets = new ArrayList<>();

    @Option(names = "--slow-share", paramLabel = "SHARE", converter = NumberRanges.Share.class,
            description = "The share of requests sent to the --slow targets, 0..1 (default: ${DEFAULT-VALUE}).")
    double slowShare = 0.1;

    @Option(names = "--connection-per-request", description = "Open a connection for every request and close it "
            + "after the answer (a connection-rate test, as inetd-style servers meet): latency counts from the "
            + "connect.")
    boolean connectionPerRequest;

    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> pairs = new ArrayList<>();
        for (String[] nameAndValue : headers) pairs.addAll(List.of(nameAndValue));
        if (duration.isZero()) throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be > 0");
        if (timeout.isZero()) throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be > 0");
        for (String target : slowTargets) {
            if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--slow " + target
                        + ": give a path and query, starting with / (e.g. /sleep?ms=20)");
            }
        }
        if (slowTargets.isEmpty() && spec.commandLine().getParseResult().hasMatchedOption("--slow-share")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slow-share needs --slow TARGET");
        }
        LoadGenerator generator;
        try {
            LoadConfig config = new LoadConfig(url, connections, pipeline, rate, warmup, duration,
                    loops != null ? loops : Runtime.getRuntime().availableProcessors(), timeout, pairs, method,
                    body.getBytes(StandardCharsets.UTF_8));
            RequestMix mix = slowTargets.isEmpty() ? null : new RequestMix(slowTargets, slowShare, 1);
            generator = new LoadGenerator(config, mix, connectionPerRequest);
        } catch (IllegalArgumentException e) {
            // the run's own limits (pipeline 1..1024, a positive duration, a mix without pipelining): the options
            // did not fit them
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            InetAddress.getAllByName(url.getHost()); // before any loop starts: a name that does not resolve is no run
        } catch (UnknownHostException e) {
            throw new CommandFailure("cannot resolve the host of " + url + " (check the name, or use an IP address)");
        }
        boolean tty = System.console() != null && System.console().isTerminal();
        LoadResult result = generator.run(p -> {
            if (tty) System.err.print("\r" + p.line() + "   ");
        });
        if (tty) System.err.print("\r" + " ".repeat(100) + "\r");
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            spec.commandLine().getOut().print(result.text());
        }
        spec.commandLine().getOut().flush();
        if (result.requests() == 0) {
            throw new CommandFailure("no response was measured from " + url + " (errors: " + (result.errors().isEmpty()
                    ? "none; raise -d or --timeout" : errorCounts(result)) + "; the report above has the reasons)");
        }
        return 0;
    }

    private static String errorCounts(LoadResult result) {
        return String.join(", ", result.errors().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    /** {@code -H 'Name: value'} as its name and value, refused at once if it has no name. */
    static final class HeaderConverter implements CommandLine.ITypeConverter<String[]> {
        @Override
        public String[] convert(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? "" : value.substring(0, colon).trim();
            if (!token(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a header: write 'Name: value'");
            }
            return new String[]{name, value.substring(colon + 1).trim()};
        }
    }

    /** {@code --method NAME}: a token, as the request line needs it. */
    static final class MethodConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!token(value)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a method: write a word "
                        + "like GET or POST, with no spaces or separators");
            }
            return value;
        }
    }

    /** RFC 9110's token: one or more visible ASCII characters other than separators. */
    private static boolean token(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }
}
