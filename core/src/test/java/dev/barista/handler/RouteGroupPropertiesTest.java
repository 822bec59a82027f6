package dev.barista.handler;

import dev.barista.Server;
import dev.barista.http.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of registration through nested groups, over generated nestings: a route's full pattern is its
 * groups' prefixes followed by its own pattern (a group's "/" being the prefix itself), and the filters around
 * it are the server's, then each group's from the outside in, then the route's own, whether each level added its
 * filters before or after its routes; how the endpoint runs (its kind, its deadline) survives the flattening.
 * Kept apart from the JUnit classes (surefire reports a class run by two engines with only the last engine's count).
 */
class RouteGroupPropertiesTest {

    /**
     * One generated registration.
     *
     * @param prefixes       the groups from the outside in (empty: registered on the server itself)
     * @param filterCounts   filters at each level: the server's first, then each group's
     * @param filtersFirst   per level, whether its filters are added before its content or after
     * @param path           the route's own pattern
     * @param routeFilters   filters on the endpoint itself
     */
    record Nesting(List<String> prefixes, List<Integer> filterCounts, List<Boolean> filtersFirst, String path,
                   int routeFilters, Endpoint.Kind kind, boolean withDeadline) {
    }

    @Provide
    Arbitrary<Nesting> nestings() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4);
        Arbitrary<List<String>> prefixes = segment.map(s -> "/" + s).list().ofMaxSize(4);
        Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.just("/"), segment.map(s -> "/" + s),
                segment.map(s -> "/" + s + "/{id}"), segment.map(s -> "/" + s + "/*"));
        return prefixes.flatMap(p -> Combinators.combine(
                Arbitraries.integers().between(0, 2).list().ofSize(p.size() + 1),
                Arbitraries.of(true, false).list().ofSize(p.size() + 1),
                path,
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(Endpoint.Kind.class),
                Arbitraries.of(true, false)).as((counts, first, route, own, kind, deadline) ->
                new Nesting(p, counts, first, route, own, kind, deadline)));
    }

    /** A filter that does nothing, named for the assertion messages. */
    record Named(String name) implements Filter {
    }

    private static final Handler HANDLER = request -> Response.text("x");

    @Property(tries = 500)
    void aRoutesPatternAndFiltersFollowItsGroups(@ForAll("nestings") Nesting n) {
        List<Filter> expectedFilters = new ArrayList<>();
        List<List<Filter>> byLevel = new ArrayList<>();
        for (int level = 0; level < n.filterCounts().size(); level++) {
            List<Filter> filters = new ArrayList<>();
            for (int i = 0; i < n.filterCounts().get(level); i++) filters.add(new Named("level" + level + "." + i));
            byLevel.add(filters);
            expectedFilters.addAll(filters);
        }
        List<Filter> own = new ArrayList<>();
        for (int i = 0; i < n.routeFilters(); i++) own.add(new Named("route." + i));
        expectedFilters.addAll(own);

        Endpoint endpoint = switch (n.kind()) {
            case BLOCKING -> Endpoint.blocking(HANDLER);
            case NON_BLOCKING -> Endpoint.nonBlocking(HANDLER);
            case STREAMING -> Endpoint.streaming(HANDLER);
            case ASYNC -> Endpoint.async(request -> java.util.concurrent.CompletableFuture.completedFuture(null));
        };
        if (n.withDeadline()) endpoint = endpoint.deadline(Duration.ofSeconds(3));
        endpoint = endpoint.with(own.toArray(Filter[]::new));

        Server.Builder builder = Server.builder();
        register(builder, 0, n, byLevel, endpoint);
        List<Route> routes = builder.routing().routes();

        String expectedPattern = String.join("", n.prefixes())
                + (n.path().equals("/") && !n.prefixes().isEmpty() ? "" : n.path());
        assertThat(routes).hasSize(1);
        Route route = routes.getFirst();
        assertThat(route.pattern()).isEqualTo(expectedPattern);
        assertThat(route.method()).isEqualTo("GET");
        assertThat(route.endpoint().filters()).containsExactlyElementsOf(expectedFilters);
        assertThat(route.endpoint().kind()).isEqualTo(n.kind());
        assertThat(route.endpoint().deadline()).isEqualTo(n.withDeadline() ? Duration.ofSeconds(3) : null);
        // The server's own filters (which also wrap its 404 and 405) are the server level's alone.
        assertThat(builder.routing().globalFilters()).containsExactlyElementsOf(byLevel.getFirst());
    }

    private static void register(Routes<?> at, int level, Nesting n, List<List<Filter>> byLevel, Endpoint endpoint) {
        boolean filtersFirst = n.filtersFirst().get(level);
        if (filtersFirst) byLevel.get(level).forEach(at::filter);
        if (level == n.prefixes().size()) {
            at.get(n.path(), endpoint);
        } else {
            at.group(n.prefixes().get(level), group -> register(group, level + 1, n, byLevel, endpoint));
        }
        if (!filtersFirst) byLevel.get(level).forEach(at::filter);
    }
}
