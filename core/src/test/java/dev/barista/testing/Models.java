package dev.barista.testing;

import dev.barista.model.Model;

import java.util.List;

/**
 * Argument source for tests that run under every concurrency model this JVM can host:
 * {@code @MethodSource(Models.ALL)}.
 *
 * <p>The multi-process models (prefork, process per connection) re-run the program in child processes, which a
 * test runner cannot be, so they are left out here; {@link Model#withProcesses} is how a model says it serves
 * from more than one process (the single-process ones refuse it).
 */
public final class Models {
    public static final String ALL = "dev.barista.testing.Models#all";

    private Models() {
    }

    public static List<Model> all() {
        return Model.all().stream().filter(Models::servesFromThisProcess).toList();
    }

    static boolean servesFromThisProcess(Model model) {
        try {
            model.withProcesses(1);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
