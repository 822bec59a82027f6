package dev.barista.shop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How text becomes search keywords, the same for the catalog and for queries: lower case, split on anything but
 * letters, digits, hyphens and apostrophes, words of 2 to 32 characters. A query keeps at most
 * {@link #MAX_QUERY_TERMS} distinct terms.
 */
final class SearchTerms {
    static final int MAX_QUERY_TERMS = 8;
    static final int MAX_TERM_LENGTH = 32;

    private SearchTerms() {
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'-]+")) {
            String word = raw.replaceAll("^[-']+|[-']+$", "");
            if (word.length() >= 2 && word.length() <= MAX_TERM_LENGTH) words.add(word);
        }
        return words;
    }

    /** The distinct terms of a query, at most {@link #MAX_QUERY_TERMS}. */
    static List<String> query(String q) {
        Set<String> terms = new LinkedHashSet<>(words(q));
        return terms.stream().limit(MAX_QUERY_TERMS).toList();
    }
}
