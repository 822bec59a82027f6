package dev.barista.shop;

/** One way to run a search's calls. It must end with {@link SearchExchange#finish} or {@link SearchExchange#fail}. */
interface SearchStyle {
    void search(SearchExchange exchange);
}
