package dev.barista.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --log-level}, and a java.util.logging configuration the user gave the JVM, which the CLI keeps. */
class LogLevelTest {
    private static final String CONFIG_FILE = "java.util.logging.config.file";

    @Test
    void theLevelApplies() {
        assertThat(CliRun.of("serve", "--log-level", "debug", "--help").exit()).isZero();
        Logger root = Logger.getLogger("");
        assertThat(root.getLevel()).isEqualTo(Level.FINE);
        assertThat(List.of(root.getHandlers())).singleElement()
                .satisfies(h -> assertThat(h.getFormatter()).isInstanceOf(TextLogFormatter.class));

        assertThat(CliRun.of("serve", "--help").exit()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aConfigurationTheUserGaveIsKeptAndOnlyAnExplicitLevelOverridesIt() {
        Logger root = Logger.getLogger("");
        Handler theirs = new StreamHandler();
        String before = System.getProperty(CONFIG_FILE);
        System.setProperty(CONFIG_FILE, "/etc/their-logging.properties");
        try {
            root.addHandler(theirs);
            root.setLevel(Level.WARNING);
            assertThat(CliRun.of("serve", "--log-format", "json", "--help").exit()).isZero();
            assertThat(root.getHandlers()).contains(theirs);
            assertThat(root.getLevel()).isEqualTo(Level.WARNING);

            assertThat(CliRun.of("load", "--log-level", "trace", "--help").exit()).isZero();
            assertThat(root.getHandlers()).contains(theirs);
            assertThat(root.getLevel()).isEqualTo(Level.FINER);
        } finally {
            root.removeHandler(theirs);
            if (before == null) System.clearProperty(CONFIG_FILE); else System.setProperty(CONFIG_FILE, before);
            LogFormat.TEXT.install(null);
        }
    }
}
