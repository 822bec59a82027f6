package dev.barista.shop;

import dev.barista.handler.Request;
import dev.barista.http.HttpException;

/**
 * One search as the gateway received it: {@code GET /search?q=...&user=...[&limit=10][&style=][&plan=]}.
 * Style and plan fall back to the gateway's defaults.
 */
public record SearchQuery(String q, long userId, int limit, Style style, Plan plan) {
    public static final int DEFAULT_LIMIT = 10;

    static SearchQuery parse(Request request, Style defaultStyle, Plan defaultPlan) {
        String q = request.queryParam("q");
        if (q == null || q.isBlank()) throw new HttpException(400, "missing q");
        if (q.length() > 200) throw new HttpException(400, "q is too long");
        long user = ShopParams.longParam("user", request.queryParam("user"));
        int limit = ShopParams.intParam("limit", request.queryParam("limit"), DEFAULT_LIMIT, 1, ProductCatalog.MAX_LIMIT);
        return new SearchQuery(q, user, limit, choose(request.queryParam("style"), defaultStyle),
                choose(request.queryParam("plan"), defaultPlan));
    }

    private static Style choose(String value, Style absent) {
        if (value == null || value.isEmpty()) return absent;
        try {
            return Style.ofLabel(value);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "style must be blocking, callbacks, futures or coroutines");
        }
    }

    private static Plan choose(String value, Plan absent) {
        if (value == null || value.isEmpty()) return absent;
        try {
            return Plan.ofLabel(value);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "plan must be chain or concurrent");
        }
    }
}
