package example;

import dev.barista.Server;
import dev.barista.handler.Filter;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.observe.HealthCheck;
import dev.barista.observe.Observability;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static dev.barista.handler.Endpoint.nonBlocking;

/**
 * A small JSON API on Barista, built by another project against the published artifacts: a route group, a
 * filter, an exception mapper, JSON bodies through barista-jackson (found on the class path by itself), and
 * /metrics with the health probes from barista-observe in one call.
 *
 * <pre>
 *   java -cp ... example.TodoApi 8080
 *   curl -s -X POST localhost:8080/api/todos -d '{"title":"grind beans"}'
 *   curl -s localhost:8080/api/todos/1
 * </pre>
 */
public final class TodoApi {

    /** A to-do item, as stored and as sent. */
    public record Todo(long id, String title, boolean done) {
    }

    /** What a client posts to create one. */
    public record NewTodo(String title) {
    }

    /** Thrown by a handler for an id that is not there; the mapper turns it into a 404. */
    static final class NoSuchTodo extends RuntimeException {
        NoSuchTodo(long id) {
            super("no to-do " + id);
        }
    }

    /** More than this and the store reports itself not ready: a readiness check of the example's own. */
    static final int MAX_TODOS = 10_000;

    private final Map<Long, Todo> todos = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public Server start(int port) throws IOException {
        Observability observability = Observability.create()
                .readinessCheck("store", () -> todos.size() < MAX_TODOS
                        ? HealthCheck.Result.up() : HealthCheck.Result.down("the store is full"));
        return observability.addTo(Server.builder())
                .port(port)
                .model("reactor")
                .filter(Filter.after((request, response) -> response.withHeader("X-Example", "todo-api")))
                .exception(NoSuchTodo.class, (e, request) -> Response.error(404, e.getMessage()))
                .group("/api/todos", api -> api
                        .get("/", nonBlocking(request -> Response.entity(List.copyOf(todos.values()))))
                        .post("/", request -> {
                            NewTodo posted = request.bodyAs(NewTodo.class);
                            if (posted == null || posted.title() == null || posted.title().isBlank()) {
                                throw new HttpException(400, "a to-do needs a title");
                            }
                            Todo todo = new Todo(ids.incrementAndGet(), posted.title(), false);
                            todos.put(todo.id(), todo);
                            return Response.status(201).header("Location", "/api/todos/" + todo.id())
                                    .entity(todo);
                        })
                        .get("/{id}", nonBlocking(request -> Response.entity(find(request.pathParam("id")))))
                        .delete("/{id}", nonBlocking(request -> {
                            Todo gone = find(request.pathParam("id"));
                            todos.remove(gone.id());
                            return Response.status(204).build();
                        })))
                .start();
    }

    private Todo find(String id) {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "not an id: " + id);
        }
        Todo todo = todos.get(key);
        if (todo == null) throw new NoSuchTodo(key);
        return todo;
    }

    public static void main(String[] args) throws IOException {
        Server server = new TodoApi().start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        System.out.println("to-do API on http://127.0.0.1:" + server.port() + "/api/todos");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
}
