package dev.barista.shop;

import dev.barista.client.ClientRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/** The gateway's three requests, built the same way by every style. */
final class SearchCalls {
    private SearchCalls() {
    }

    static ClientRequest user(SearchQuery query) {
        return ClientRequest.get("/users/" + query.userId());
    }

    static ClientRequest products(SearchQuery query) {
        return ClientRequest.get("/products/search?q=" + URLEncoder.encode(query.q(), StandardCharsets.UTF_8)
                + "&limit=" + query.limit());
    }

    static ClientRequest stock(List<Product> products, String region) {
        StringJoiner ids = new StringJoiner(",");
        for (Product p : products) ids.add(Long.toString(p.id()));
        return ClientRequest.get("/stock?ids=" + ids + "&region=" + URLEncoder.encode(region, StandardCharsets.UTF_8));
    }
}
