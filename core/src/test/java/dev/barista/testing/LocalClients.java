package dev.barista.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Clients of a test server on 127.0.0.1, each handed to {@link #track} to be closed after the test: shared by
 * {@link ServerFixture} and the conformance suite's servers.
 */
public interface LocalClients {

    int port();

    /** Closes {@code client} after the test; returns it. */
    <T extends AutoCloseable> T track(T client);

    /** A raw connection, closed after the test. */
    default RawClient raw() throws IOException {
        return raw(0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for (0: the system's default) */
    default RawClient raw(int receiveBuffer) throws IOException {
        return track(RawClient.connect(port(), receiveBuffer));
    }

    /** An HTTP/1.1 client, shut down after the test. */
    default HttpClient httpClient() {
        return track(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    default URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    default HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    /** GET with {@code client}, body as a string. */
    default HttpResponse<String> get(HttpClient client, String pathAndQuery) throws IOException, InterruptedException {
        return client.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
