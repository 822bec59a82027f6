package dev.barista.testing;

import dev.barista.model.Model;

import java.util.List;

/**
 * Argument sources for tests parameterized over the concurrency models: {@code @MethodSource(Models.ALL)} for
 * the models this JVM can host, {@code @MethodSource(Models.MULTI_PROCESS)} for the others.
 *
 * <p>The multi-process models (prefork, process per connection: {@link Model#multiProcess}) re-run the
 * program in child processes, which a test runner cannot be, so {@link #all} leaves them out; their tests
 * (package {@code dev.barista.process.conformance}) start the server in a JVM of its own.
 */
public final class Models {
    public static final String ALL = "dev.barista.testing.Models#all";
    public static final String MULTI_PROCESS = "dev.barista.testing.Models#multiProcess";

    private Models() {
    }

    /** Every model that serves from this process. */
    public static List<Model> all() {
        return Model.all().stream().filter(model -> !model.multiProcess()).toList();
    }

    /** Every model that serves from child processes. */
    public static List<Model> multiProcess() {
        return Model.all().stream().filter(Model::multiProcess).toList();
    }
}
