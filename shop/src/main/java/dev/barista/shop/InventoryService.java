package dev.barista.shop;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.handler.Request;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory service: {@code GET /stock?ids=1,2,3&region=eu-west} answers
 * {@code {"region":"eu-west","units":{"1":12,"2":0,"3":40}}}, at most {@link #MAX_IDS} ids per request. Computed,
 * so the route never blocks: it runs on the event loop, and its injected delay is a loop timer.
 */
public final class InventoryService {
    public static final int MAX_IDS = 100;
    private final StockLevels levels;
    private final LoopTimers timers = new LoopTimers();
    private final FaultyResponder responder;

    /** The answer's shape: units per product id, in the order asked. */
    public record Stock(String region, Map<String, Integer> units) {
    }

    public InventoryService(StockLevels levels, Faults faults, InFlight inFlight) {
        this.levels = levels;
        this.responder = new FaultyResponder(faults, timers, inFlight);
    }

    public void addTo(Server.Builder builder) {
        builder.onStart(timers::attach);
        builder.get("/stock", Endpoint.async(responder.nonBlocking(this::stock)));
    }

    private Response stock(Request request) {
        String region = request.queryParam("region");
        if (region == null || !Regions.ALL.contains(region)) throw new HttpException(400, "unknown region");
        String ids = request.queryParam("ids");
        if (ids == null || ids.isEmpty()) throw new HttpException(400, "missing ids");
        String[] parts = ids.split(",", MAX_IDS + 2);
        if (parts.length > MAX_IDS) throw new HttpException(400, "at most " + MAX_IDS + " ids");
        Map<String, Integer> units = new LinkedHashMap<>();
        for (String part : parts) {
            long id = ShopParams.longParam("ids", part.trim());
            units.put(Long.toString(id), levels.units(id, region));
        }
        return Response.json(ShopJson.write(new Stock(region, units)));
    }
}
