package dev.barista.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Light, steady load for the process tests: a few threads, each with its own keep-alive connection
 * ({@link HttpProbe}), asking {@code /pid} in a loop. Records what failed and which processes answered.
 */
final class LoadRun implements AutoCloseable {
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    /** When each failure happened (System.nanoTime()). */
    final List<Long> failureTimes = new CopyOnWriteArrayList<>();
    final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    LoadRun(int port, int clients, long pauseMillis) {
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().daemon(true).name("load-" + i).start(() -> run(port, pauseMillis)));
        }
    }

    private void run(int port, long pauseMillis) {
        try (HttpProbe probe = new HttpProbe(port)) {
            while (running) {
                try {
                    HttpProbe.Answer a = probe.get("/pid");
                    if (a.status() == 200) {
                        ok.incrementAndGet();
                        pids.add(Long.parseLong(a.body().trim()));
                    } else {
                        failed("status " + a.status());
                    }
                } catch (Exception e) {
                    failed(e.toString());
                }
                if (pauseMillis > 0) Thread.sleep(pauseMillis);
            }
            retries.addAndGet(probe.retries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(String what) {
        failureTimes.add(System.nanoTime());
        failures.add(what);
    }

    /** Waits until {@code more} further requests succeeded (or 10 s passed). */
    void awaitMore(int more) throws InterruptedException {
        int target = ok.get() + more;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ok.get() < target && System.nanoTime() < deadline) Thread.sleep(5);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join(15_000);
    }
}
