package dev.barista.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The server log as JSON lines or text lines, and the serve options that choose it. */
class LogFormatTest {

    @Test
    void jsonLinesCarryTimeLevelLoggerThreadMessageAndError() throws Exception {
        LogRecord r = new LogRecord(Level.SEVERE, "handler for GET /x failed on \"quoted\"\nsecond line");
        r.setLoggerName("dev.barista.server.Invocation");
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLogFormatter().format(r);

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("time").asText()).endsWith("Z");
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get("logger").asText()).isEqualTo("dev.barista.server.Invocation");
        assertThat(json.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.get("message").asText()).isEqualTo("handler for GET /x failed on \"quoted\"\nsecond line");
        assertThat(json.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(json.get("stack").asText()).contains("LogFormatTest");
    }

    @Test
    void textLinesStartWithTimeLevelAndThread() {
        LogRecord r = new LogRecord(Level.WARNING, "loop blocked");
        r.setLoggerName("dev.barista.transport.nio.LoopWatchdog");
        assertThat(new TextLogFormatter().format(r)).matches("\\S+Z WARNING \\[[^]]+] "
                + "dev\\.barista\\.transport\\.nio\\.LoopWatchdog: loop blocked\\R");
    }

    @Test
    void serveOffersTheOperationsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--readiness-delay", "--log-format", "--access-log", "--access-log-queue");
    }

    @Test
    void anUnknownLogFormatIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("serve", "--port", "0", "--log-format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format must be text or json");
    }
}
