package dev.barista.cli;

import picocli.CommandLine;

import java.io.UnsupportedEncodingException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * How the server's own log (everything logged through {@link System.Logger}, which the JDK routes to
 * java.util.logging) is written to standard error: one line per record, as text or as a JSON object.
 */
enum LogFormat {
    TEXT, JSON;

    /**
     * Replaces the root logger's handlers with one writing this format to standard error, at {@code level}
     * (null: INFO). A configuration the user gave the JVM ({@code -Djava.util.logging.config.file} or
     * {@code .class}) is theirs: its handlers stay, and only an explicit {@code level} is applied over it.
     */
    void install(LogLevel level) {
        Logger root = Logger.getLogger("");
        if (userConfigured()) {
            if (level != null) root.setLevel(level.julLevel());
            return;
        }
        LogManager.getLogManager().reset();
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(this == JSON ? new JsonLogFormatter() : new TextLogFormatter());
        try {
            handler.setEncoding("UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
        root.addHandler(handler);
        root.setLevel(level != null ? level.julLevel() : Level.INFO);
    }

    static boolean userConfigured() {
        return System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null;
    }

    static final class Converter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return switch (value) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new CommandLine.TypeConversionException("--log-format must be text or json, not '"
                        + value + "'");
            };
        }
    }
}
