package dev.barista.abuse;

import dev.barista.testing.RawClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ordinary clients running alongside an attack: each thread opens a connection, makes a few keep-alive
 * requests, closes it, and starts over, until stopped. Every failure (an exception, a status other than 200)
 * is kept for the test's assertion message.
 */
final class GoodClients implements AutoCloseable {
    private static final int REQUESTS_PER_CONNECTION = 5;

    private final int port;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong succeeded = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private GoodClients(int port, String path) {
        this.port = port;
        this.path = path;
    }

    static GoodClients start(int port, int threads, String path) {
        GoodClients clients = new GoodClients(port, path);
        for (int i = 0; i < threads; i++) {
            clients.threads.add(Thread.ofPlatform().name("good-client-" + i).daemon(true).start(clients::run));
        }
        return clients;
    }

    private void run() {
        while (running.get()) {
            try (RawClient client = RawClient.connect(port)) {
                for (int i = 0; i < REQUESTS_PER_CONNECTION && running.get(); i++) {
                    int status = client.send(RawClient.get(path)).read().status();
                    if (status != 200) failures.add("status " + status);
                    else succeeded.incrementAndGet();
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
            try {
                Thread.sleep(5); // ordinary clients, not a second attack
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long succeeded() {
        return succeeded.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for them to finish their current request. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(10_000);
    }
}
