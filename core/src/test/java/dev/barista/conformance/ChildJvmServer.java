package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.process.ChildJvm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A conformance server in a JVM of its own ({@code ProcessTestServer}, via {@link ChildJvm}): how the
 * multi-process models are tested, since a test runner cannot be the program they re-run in their children.
 * Its output is kept, and at the end must show no failure (see {@link #reportsAFailure}).
 */
public final class ChildJvmServer extends ConformanceServer {
    private final ChildJvm jvm;

    ChildJvmServer(Model model, ServerSettings settings, ConformanceServers owner) throws IOException, InterruptedException {
        super(model, settings, owner);
        this.jvm = ChildJvm.start(model.name(), 0, settings.words());
    }

    /** The master or parent JVM; its children are the workers or connection children. */
    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public int port() {
        return jvm.port();
    }

    @Override
    public int securePort() {
        return jvm.securePort();
    }

    /** Fails if the server's JVM is gone: a shared server must outlive the tests that use it. */
    void checkAlive() {
        if (!jvm.process().isAlive()) {
            throw new AssertionError("the " + this + " server exited: " + String.join("\n", jvm.output()));
        }
    }

    @Override
    public void beginStop() {
        jvm.process().destroy(); // SIGTERM: a graceful stop
    }

    @Override
    public boolean awaitStopped(Duration wait) throws InterruptedException {
        return jvm.awaitExit(wait);
    }

    @Override
    String close() {
        jvm.close();
        List<String> output = jvm.output();
        return output.stream().anyMatch(ChildJvmServer::reportsAFailure)
                ? this + ":\n  " + String.join("\n  ", output) : null;
    }

    /**
     * A line of a server's output that reports something broken (java.util.logging or a stack trace): a
     * worker or child that died, a connection that failed with an exception, a handler that threw. The model may
     * hide such a failure from the client (the prefork master restarts a dead worker), so the tests would not
     * see it otherwise. ({@code ProcessTestServer} leaves out the failures the routes cause on purpose.)
     */
    static boolean reportsAFailure(String line) {
        return line.startsWith("SEVERE") || line.contains("Exception") || line.contains(" failed")
                || line.contains("exited with code");
    }
}
