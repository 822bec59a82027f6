package dev.barista.cli;

import dev.barista.Server;
import dev.barista.observe.Observability;
import dev.barista.model.PreforkModel;
import dev.barista.model.ReactorModel;
import dev.barista.process.ProcessRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code barista serve} opens no listener but its own: the server's port and the shop's three, all on
 * loopback (the catalog database is embedded, so no database port), and it keeps nothing for its children
 * at a predictable path: the shop's URLs reach them as a property on their command line.
 */
class ServeListenersTest {
    @TempDir
    static Path data;

    @Test
    void onlyBaristasOwnListenersAllOnLoopback() throws Exception {
        Map<Long, Listener> before = listeners();
        ServeShop shop = CommandLine.populateCommand(new ServeShop(), "--data-dir", data.resolve("shop").toString());
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(new ReactorModel())
                .shutdownGrace(Duration.ofMillis(200));
        shop.addTo(builder, new ReactorModel(), Observability.create());
        Server server = builder.start();
        try {
            Map<Long, Listener> opened = new HashMap<>(listeners());
            opened.keySet().removeAll(before.keySet());
            Set<Integer> expected = new HashSet<>(List.of(server.port()));
            shop.urls().forEach(url -> expected.add(url.getPort()));

            assertThat(opened.values()).allSatisfy(listener ->
                    assertThat(listener.address().getHostAddress()).as("%s", listener).isEqualTo("127.0.0.1"));
            assertThat(opened.values().stream().map(Listener::port).collect(Collectors.toSet()))
                    .isEqualTo(expected);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("shop"))))
                    .isEqualTo("rwx------");
        } finally {
            server.stop(Duration.ofMillis(200));
            shop.close();
        }
    }

    @Test
    void theShopsUrlsReachChildrenAsAPropertyNotAFile() throws Exception {
        ServeShop launcher = CommandLine.populateCommand(new ServeShop(), "--data-dir", data.resolve("shop").toString());
        try {
            launcher.addTo(Server.builder().host("127.0.0.1").port(0), new PreforkModel(2), Observability.create());
            String handedDown = System.getProperty(ServeShop.URLS_PROPERTY);
            assertThat(handedDown).isEqualTo(String.join(" ", launcher.urls().stream().map(URI::toString).toList()));
            assertThat(Path.of(System.getProperty("java.io.tmpdir"), "barista-shop-" + ProcessHandle.current().pid()
                    + ".urls")).doesNotExist();

            // What a worker does with it: the same URLs, and no backends of its own.
            System.setProperty(ProcessRole.ROLE, "prefork-worker");
            ServeShop worker = CommandLine.populateCommand(new ServeShop());
            worker.addTo(Server.builder().host("127.0.0.1").port(0), new PreforkModel(2), Observability.create());
            assertThat(worker.urls()).isEqualTo(launcher.urls());
            worker.close();
        } finally {
            System.clearProperty(ProcessRole.ROLE);
            System.clearProperty(ServeShop.URLS_PROPERTY);
            launcher.close();
        }
    }

    record Listener(InetAddress address, int port) {
    }

    /** This process's listening TCP sockets, by inode: /proc/net/tcp{,6} rows in LISTEN whose inode is ours. */
    static Map<Long, Listener> listeners() throws IOException {
        Set<Long> ours = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) ours.add(Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        Map<Long, Listener> listening = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.trim().split("\\s+");
                long inode = Long.parseLong(f[9]);
                if (!f[3].equals("0A") || !ours.contains(inode)) continue; // 0A: LISTEN
                String[] local = f[1].split(":");
                listening.put(inode, new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return listening;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte b = raw[word + i];
                raw[word + i] = raw[word + 3 - i];
                raw[word + 3 - i] = b;
            }
        }
        return InetAddress.getByAddress(raw); // ::ffff:a.b.c.d comes back as the IPv4 address
    }
}
