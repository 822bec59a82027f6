package dev.barista.shop;

import java.util.List;

/**
 * The chapter's v2: no thread waits. The handler is cut into continuations at every call, each a callback the
 * client runs on the request's event loop when the reply arrives; what a later step needs (the query, the user,
 * the products) travels explicitly in the {@link SearchExchange} and in the arguments. Control flow that was a
 * sequence of lines becomes a chain of methods, and a join of two replies needs state of its own.
 */
final class CallbackSearch implements SearchStyle {

    @Override
    public void search(SearchExchange x) {
        SearchQuery q = x.query();
        if (q.plan() == Plan.CHAIN) {
            x.cancelOnFinish(x.upstreams().users().send(SearchCalls.user(q),
                    (response, failure) -> afterUser(x, new Reply(response, failure)))::cancel);
        } else {
            Join join = new Join(x);
            x.cancelOnFinish(x.upstreams().users().send(SearchCalls.user(q),
                    (response, failure) -> join.user(new Reply(response, failure)))::cancel);
            x.cancelOnFinish(x.upstreams().products().send(SearchCalls.products(q),
                    (response, failure) -> join.products(new Reply(response, failure)))::cancel);
        }
    }

    /** Chain, step 2: the user is known; ask for the products. */
    private static void afterUser(SearchExchange x, Reply userReply) {
        SearchAnswer.UserPart user;
        try {
            user = SearchAnswer.user(x.query(), userReply);
        } catch (SearchFailure failure) {
            x.fail(failure);
            return;
        }
        x.cancelOnFinish(x.upstreams().products().send(SearchCalls.products(x.query()),
                (response, failure) -> afterProducts(x, user, new Reply(response, failure)))::cancel);
    }

    /** Chain, step 3: the products are known; ask for their stock. */
    private static void afterProducts(SearchExchange x, SearchAnswer.UserPart user, Reply productsReply) {
        List<Product> products;
        try {
            products = SearchAnswer.products(productsReply);
        } catch (SearchFailure failure) {
            x.fail(failure);
            return;
        }
        askStock(x, user, products);
    }

    /** Both plans, last step: stock for the products in the user's region, then the answer. */
    private static void askStock(SearchExchange x, SearchAnswer.UserPart user, List<Product> products) {
        if (!SearchAnswer.needsStock(user, products)) {
            x.finish(SearchAnswer.render(x.query(), user, products, null));
            return;
        }
        x.cancelOnFinish(x.upstreams().inventory().send(SearchCalls.stock(products, user.region()),
                (response, failure) -> x.finish(SearchAnswer.render(x.query(), user, products,
                        SearchAnswer.stock(new Reply(response, failure)))))::cancel);
    }

    /**
     * Concurrent plan: the user and product replies meet here, and whichever arrives second goes on to stock. A
     * failed product query ends the search at once (the user call is then cancelled by the exchange). Both
     * callbacks normally run on the request's loop; a call refused at once calls back on the sending thread,
     * hence the lock.
     */
    private static final class Join {
        private final SearchExchange x;
        private SearchAnswer.UserPart user;
        private List<Product> products;

        Join(SearchExchange x) {
            this.x = x;
        }

        void user(Reply reply) {
            SearchAnswer.UserPart known;
            try {
                known = SearchAnswer.user(x.query(), reply);
            } catch (SearchFailure failure) {
                x.fail(failure);
                return;
            }
            List<Product> other;
            synchronized (this) {
                user = known;
                other = products;
            }
            if (other != null) askStock(x, known, other);
        }

        void products(Reply reply) {
            List<Product> known;
            try {
                known = SearchAnswer.products(reply);
            } catch (SearchFailure failure) {
                x.fail(failure);
                return;
            }
            SearchAnswer.UserPart other;
            synchronized (this) {
                products = known;
                other = user;
            }
            if (other != null) askStock(x, other, known);
        }
    }
}
