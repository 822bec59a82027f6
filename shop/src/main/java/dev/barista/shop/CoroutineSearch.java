package dev.barista.shop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual threads, the JVM's coroutines: the code is the blocking style's, line for line, but each search runs
 * on a virtual thread that unmounts from its carrier while it waits, so a waiting search holds no platform
 * thread. The concurrent plan forks the two calls onto two more virtual threads and joins them; a failed fork
 * ends the search at once, which interrupts its sibling (interrupting a blocking call cancels it).
 */
final class CoroutineSearch implements SearchStyle {
    private final AtomicInteger live = new AtomicInteger();

    @Override
    public void search(SearchExchange x) {
        start(x, () -> run(x));
    }

    private void run(SearchExchange x) {
        try {
            SearchQuery q = x.query();
            ShopUpstreams backends = x.upstreams();
            SearchAnswer.UserPart user;
            List<Product> products;
            if (q.plan() == Plan.CHAIN) {
                user = SearchAnswer.user(q, Reply.await(backends.users(), SearchCalls.user(q)));
                products = SearchAnswer.products(Reply.await(backends.products(), SearchCalls.products(q)));
            } else {
                Fork<SearchAnswer.UserPart> userFork =
                        fork(x, () -> SearchAnswer.user(q, Reply.await(backends.users(), SearchCalls.user(q))));
                Fork<List<Product>> productsFork =
                        fork(x, () -> SearchAnswer.products(Reply.await(backends.products(), SearchCalls.products(q))));
                user = userFork.join();
                products = productsFork.join();
            }
            Map<String, Integer> stock = null;
            if (SearchAnswer.needsStock(user, products)) {
                stock = SearchAnswer.stock(Reply.await(backends.inventory(), SearchCalls.stock(products, user.region())));
            }
            x.finish(SearchAnswer.render(q, user, products, stock));
        } catch (Exception failure) {
            x.fail(failure);
        }
    }

    /** Virtual threads of this style still running (searches and their forks): 0 once traffic stops. */
    int liveThreads() {
        return live.get();
    }

    /** A call on a virtual thread of its own; its failure ends the whole search at once. */
    private <T> Fork<T> fork(SearchExchange x, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return call.call();
            } catch (Exception failure) {
                x.fail(failure);
                throw failure;
            }
        });
        start(x, task);
        return new Fork<>(task);
    }

    private void start(SearchExchange x, Runnable body) {
        live.incrementAndGet();
        Thread thread = Thread.ofVirtual().name("shop-search").unstarted(() -> {
            try {
                body.run();
            } finally {
                live.decrementAndGet();
            }
        });
        x.cancelOnFinish(thread::interrupt); // after the search ends, an interrupt here only cancels a leftover call
        thread.start();
    }

    private record Fork<T>(FutureTask<T> task) {
        T join() throws Exception {
            try {
                return task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}
