package dev.barista.testing;

import dev.barista.model.Model;

import java.util.List;

/**
 * Argument sources for tests parameterized over the concurrency models: {@code @MethodSource(Models.ALL)} for
 * the models this JVM can host, {@code @MethodSource(Models.EVERY)} for all seven.
 *
 * <p>The multi-process models (prefork, process per connection: {@link Model#multiProcess}) re-run the
 * program in child processes, which a test runner cannot be, so {@link #all} leaves them out; a test over
 * {@link #every} model starts their servers in a JVM of its own (the conformance suite, package {@code
 * dev.barista.conformance}).
 */
public final class Models {
    public static final String ALL = "dev.barista.testing.Models#all";
    public static final String EVERY = "dev.barista.testing.Models#every";

    private Models() {
    }

    /** Every model that serves from this process. */
    public static List<Model> all() {
        return Model.all().stream().filter(model -> !model.multiProcess()).toList();
    }

    /** Every model, the multi-process ones too. */
    public static List<Model> every() {
        return Model.all();
    }
}
