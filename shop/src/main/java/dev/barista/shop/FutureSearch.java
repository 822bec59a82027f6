package dev.barista.shop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CompletableFuture composition: the same steps as callbacks, written as one expression of stages
 * ({@code thenCompose} for "then", {@code thenCombine} for "both"). No thread waits; stages run on the loop that
 * completes each call. {@code thenCombine} waits for both sides even when one fails, so a failed product query
 * ends the search explicitly ({@link #failFast}), which cancels the user call.
 */
final class FutureSearch implements SearchStyle {
    private record UserAndProducts(SearchAnswer.UserPart user, List<Product> products) {
    }

    @Override
    public void search(SearchExchange x) {
        SearchQuery q = x.query();
        CompletableFuture<UserAndProducts> both = switch (q.plan()) {
            case CHAIN -> user(x).thenCompose(user -> products(x).thenApply(ps -> new UserAndProducts(user, ps)));
            case CONCURRENT -> user(x).thenCombine(failFast(x, products(x)), UserAndProducts::new);
        };
        both.thenCompose(found -> stock(x, found.user(), found.products())
                        .thenApply(stock -> SearchAnswer.render(q, found.user(), found.products(), stock)))
                .whenComplete((response, failure) -> {
                    if (failure != null) x.fail(failure);
                    else x.finish(response);
                });
    }

    private static CompletableFuture<SearchAnswer.UserPart> user(SearchExchange x) {
        return track(x, x.upstreams().users().sendAsync(SearchCalls.user(x.query())))
                .handle((response, failure) -> SearchAnswer.user(x.query(), new Reply(response, failure)));
    }

    private static CompletableFuture<List<Product>> products(SearchExchange x) {
        return track(x, x.upstreams().products().sendAsync(SearchCalls.products(x.query())))
                .handle((response, failure) -> SearchAnswer.products(new Reply(response, failure)));
    }

    private static CompletableFuture<Map<String, Integer>> stock(SearchExchange x, SearchAnswer.UserPart user,
                                                                 List<Product> products) {
        if (!SearchAnswer.needsStock(user, products)) return CompletableFuture.completedFuture(null);
        return track(x, x.upstreams().inventory().sendAsync(SearchCalls.stock(products, user.region())))
                .handle((response, failure) -> SearchAnswer.stock(new Reply(response, failure)));
    }

    private static <T> CompletableFuture<T> track(SearchExchange x, CompletableFuture<T> call) {
        x.cancelOnFinish(() -> call.cancel(true));
        return call;
    }

    private static <T> CompletableFuture<T> failFast(SearchExchange x, CompletableFuture<T> stage) {
        stage.whenComplete((value, failure) -> {
            if (failure != null) x.fail(failure);
        });
        return stage;
    }
}
