package dev.barista.dispatch;

import dev.barista.handler.ExceptionMapper;
import dev.barista.handler.ExchangeListener;
import dev.barista.handler.Filter;
import dev.barista.handler.RequestSettings;
import dev.barista.handler.Route;
import dev.barista.handler.StatusHandler;

import java.util.List;
import java.util.Map;

/**
 * Everything an application registers, fixed when the server starts and the same in every process that
 * serves it: routes (with the filters around each), the server's own filters, exception mappers, status
 * handlers, what requests lend (JSON, trusted proxies), and the listeners told of every answer. A model
 * combines it with its {@link Placement} into a {@link RequestDispatcher}.
 */
public record Routing(List<Route> routes, List<Filter> globalFilters,
                      Map<Class<? extends Throwable>, ExceptionMapper<?>> exceptionMappers,
                      Map<Integer, StatusHandler> statusHandlers, RequestSettings settings,
                      List<ExchangeListener> listeners) {

    public Routing {
        routes = List.copyOf(routes);
        globalFilters = List.copyOf(globalFilters);
        exceptionMappers = Map.copyOf(exceptionMappers);
        statusHandlers = Map.copyOf(statusHandlers);
        listeners = List.copyOf(listeners);
    }

    /** Routes alone, for tests and tools. */
    public static Routing of(List<Route> routes) {
        return new Routing(routes, List.of(), Map.of(), Map.of(), RequestSettings.DEFAULTS, List.of());
    }
}
