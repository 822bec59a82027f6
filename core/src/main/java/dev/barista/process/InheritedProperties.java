package dev.barista.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * System properties that the launching process hands down to every process a multi-process model starts
 * from it (prefork workers, connection children), which re-run the program ({@link ProgramCommand}) and so
 * cannot otherwise learn what only the launcher knows: where something it started listens, for instance.
 * They travel as {@code -D} options on the child's command line: nothing on disk for another local user
 * to guess, replace or read back later, and no secret may travel this way (command lines are public).
 *
 * <p>Set them before {@code Server.Builder.start()}; a child reads them with {@link System#getProperty}.
 */
public final class InheritedProperties {
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    private InheritedProperties() {
    }

    /** Sets {@code name} to {@code value} here and in every child started from now on. */
    public static synchronized void set(String name, String value) {
        if (name.isEmpty() || name.contains("=")) throw new IllegalArgumentException("bad property name: " + name);
        System.setProperty(name, value);
        PROPERTIES.put(name, value);
    }

    /** The properties set so far, in the order they were first set. */
    static synchronized Map<String, String> all() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(PROPERTIES));
    }
}
