package dev.barista.cli;

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

    /** Replaces the root logger's handlers with one writing this format to standard error. */
    void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(this == JSON ? new JsonLogFormatter() : new TextLogFormatter());
        try {
            handler.setEncoding("UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}
