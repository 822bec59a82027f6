package dev.barista.shop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product service's most recent answers, at most {@code capacity} of them, least recently used out first.
 * The catalog does not change while the service runs, so an entry never goes stale. A broad term (say
 * {@code tea}, a whole category) makes H2 aggregate a thousand keyword rows: a couple of milliseconds of CPU,
 * which at thousands of searches per second would make the backend, not the gateway, what a benchmark measures.
 */
final class SearchCache {
    private final int capacity;
    private final Map<String, List<Product>> entries;

    SearchCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Product>> eldest) {
                return size() > SearchCache.this.capacity;
            }
        };
    }

    static String key(String query, String category, int limit) {
        return String.join(" ", SearchTerms.query(query)) + "|" + category + "|" + limit;
    }

    /** The cached answer, or null. Any thread. */
    synchronized List<Product> get(String key) {
        return capacity == 0 ? null : entries.get(key);
    }

    synchronized void put(String key, List<Product> products) {
        if (capacity > 0) entries.put(key, products);
    }
}
