package dev.barista.cli;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --tls self-signed} in a JVM of its own, under a single-process model and under prefork: it prints
 * its {@code https://} URL and the certificate's fingerprint, answers HTTP/2 there (every prefork worker with
 * that same certificate), and h2c on the cleartext port.
 */
class ServeTlsTest {
    private static final Pattern HTTPS = Pattern.compile("https: (https://\\S+) \\(self-signed, SHA-256 (\\S+);");
    private static final Pattern LISTENING = Pattern.compile("Barista listening on (http://\\S+) ");

    @Test
    void selfSignedServesHttp2OverTlsAndH2c() throws Exception {
        check("reactor");
    }

    @Test
    void preforkWorkersPresentTheCertificateThatWasPrinted() throws Exception {
        check("prefork");
    }

    private static void check(String model) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), BaristaCommand.class.getName(), "serve", "--no-shop",
                "--model", model, "--processes", "2", "--port", "0", "--tls", "self-signed", "--tls-port", "0",
                "--readiness-delay", "0", "--shutdown-grace", "1s")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (!model.equals("prefork")) builder.command().removeAll(List.of("--processes", "2"));
        Process serve = builder.start();
        AtomicReference<X509Certificate> presented = new AtomicReference<>();
        try (var out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
             HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            List<String> printed = new ArrayList<>();
            String base = null;
            String secure = null;
            String fingerprint = null;
            for (String line; (line = out.readLine()) != null && !line.startsWith("Try: curl"); ) {
                printed.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) base = m.group(1);
                Matcher s = HTTPS.matcher(line);
                if (s.find()) {
                    secure = s.group(1);
                    fingerprint = s.group(2);
                }
            }
            assertThat(secure).as("the https line in %s", printed).isNotNull();
            assertThat(printed).anyMatch(line -> line.contains("--http2-prior-knowledge"));
            for (int i = 0; i < 6; i++) { // a new client, a new connection: under prefork they reach both workers
                HttpResponse<String> r;
                try (HttpClient https = HttpClient.newBuilder().sslContext(recording(presented)).build()) {
                    r = https.send(HttpRequest.newBuilder(URI.create(secure + "/plaintext")).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(r.body()).isEqualTo("Hello, World!");
                String seen = HexFormat.ofDelimiter(":").withUpperCase()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(presented.get().getEncoded()));
                assertThat(seen).isEqualTo(fingerprint);
            }
            HttpResponse<String> cleartext = h2c.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(cleartext.version()).isEqualTo(HttpClient.Version.HTTP_2);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Trusts any certificate (it is self-signed) and keeps the one presented, to compare with the printed one. */
    private static SSLContext recording(AtomicReference<X509Certificate> presented) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.set(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
