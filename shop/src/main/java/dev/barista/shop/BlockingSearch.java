package dev.barista.shop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The chapter's v1: a worker thread runs the whole search, and each call is a blocking wait. It reads top to
 * bottom, but the thread is held for every millisecond of every wait, so a search costs one platform thread for
 * its whole latency and throughput is capped at workers / latency (Little's law). The concurrent plan costs a
 * second thread: the product query runs on a fan-out worker while this one waits for the user.
 */
final class BlockingSearch implements SearchStyle {
    private final ExecutorService workers;
    private final ExecutorService fanOut;

    BlockingSearch(ExecutorService workers, ExecutorService fanOut) {
        this.workers = workers;
        this.fanOut = fanOut;
    }

    @Override
    public void search(SearchExchange x) {
        workers.execute(() -> run(x)); // full: RejectedExecutionException, which the gateway answers 503
    }

    private void run(SearchExchange x) {
        try (var interruptible = x.interruptOnFinish()) {
            SearchQuery q = x.query();
            ShopUpstreams backends = x.upstreams();
            SearchAnswer.UserPart user;
            List<Product> products;
            if (q.plan() == Plan.CHAIN) {
                user = SearchAnswer.user(q, Reply.await(backends.users(), SearchCalls.user(q)));
                products = SearchAnswer.products(Reply.await(backends.products(), SearchCalls.products(q)));
            } else {
                Future<List<Product>> query = fanOut.submit(() -> {
                    try {
                        return SearchAnswer.products(Reply.await(backends.products(), SearchCalls.products(q)));
                    } catch (SearchFailure failure) {
                        x.fail(failure); // at once: interrupts this search's thread, waiting for the user
                        throw failure;
                    }
                });
                x.cancelOnFinish(() -> query.cancel(true));
                user = SearchAnswer.user(q, Reply.await(backends.users(), SearchCalls.user(q)));
                products = query.get();
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
}
