package dev.barista.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxies whose forwarding headers are believed, and the rules that turn those headers into a
 * {@link ClientOrigin}. Anybody can send a Forwarded or X-Forwarded-For field; it only means something when a
 * proxy we run wrote it, so:
 * <ol>
 *   <li>If the connection's peer is not a trusted proxy, the headers are ignored entirely: the client is the peer.</li>
 *   <li>Otherwise {@code Forwarded} is read if present (a malformed one counts as saying nothing), else
 *       {@code X-Forwarded-For} with {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Never both.</li>
 *   <li>The {@code for} hops are walked from the right (the proxy nearest us) past every trusted address; the first
 *       untrusted one is the client, since everything left of it was written by the client itself or by
 *       proxies nobody vouches for. If every hop is trusted, the leftmost is the client.</li>
 *   <li>A hop that is not an IP literal ({@code unknown}, an obfuscated {@code _name}, a host name, junk, a
 *       missing {@code for}) ends the walk, and the last trusted hop is the client: an address is never invented.
 *       Literals are read strictly (IPv4 as four decimal parts, no {@code 127.1}; IPv6 in brackets in Forwarded,
 *       as RFC 7239 requires; an optional port, 0 when absent or obfuscated).</li>
 *   <li>Scheme and Host come from the same position as the hop the walk stopped at: what the outermost trusted
 *       proxy received. For X-Forwarded-Proto and -Host that holds when they have as many entries as
 *       X-Forwarded-For; otherwise their rightmost entry is used (typically only the edge proxy sets them).
 *       A scheme other than http or https, or a host that is not a valid authority, is ignored.</li>
 * </ol>
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<IpRange> ranges;

    private TrustedProxies(List<IpRange> ranges) {
        this.ranges = ranges;
    }

    /**
     * Proxies by address or CIDR block: {@code "10.0.0.0/8"}, {@code "127.0.0.1"}, {@code "::1"}, {@code "fd00::/8"}.
     * Literals only, never resolved through DNS.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP literal or CIDR block
     */
    public static TrustedProxies of(List<String> cidrsOrAddresses) {
        List<IpRange> ranges = new ArrayList<>(cidrsOrAddresses.size());
        for (String entry : cidrsOrAddresses) ranges.add(IpRange.parse(entry.strip()));
        return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
    }

    /** Trusts nobody: every client is its connection's peer. */
    public static TrustedProxies none() {
        return NONE;
    }

    /** Whether no proxy is trusted at all. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the address lies in a trusted range; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean trusts(InetAddress address) {
        for (IpRange range : ranges) {
            if (range.contains(address)) return true;
        }
        return false;
    }

    /**
     * Who sent this request, by the rules in the class comment.
     *
     * @param peer             the other end of the connection
     * @param connectionScheme "http" or "https", as the connection itself is
     */
    public ClientOrigin resolve(InetSocketAddress peer, Headers headers, String connectionScheme) {
        InetAddress peerAddress = peer.getAddress();
        if (peerAddress == null || !trusts(peerAddress)) return new ClientOrigin(peer, connectionScheme, null);

        List<String> forwarded = headers.getAll("forwarded");
        if (!forwarded.isEmpty()) {
            List<ForwardedElement> elements = Forwarded.parse(forwarded);
            List<String> nodes = new ArrayList<>(elements.size());
            for (ForwardedElement e : elements) nodes.add(e.forNode());
            Hop hop = walk(peer, nodes, false);
            if (hop.index < 0) return new ClientOrigin(peer, connectionScheme, null);
            ForwardedElement e = elements.get(hop.index);
            return new ClientOrigin(hop.address, scheme(e.proto(), connectionScheme), host(e.host()));
        }

        List<String> nodes = entries(headers.getAll("x-forwarded-for"));
        Hop hop = walk(peer, nodes, true);
        String proto = samePosition(entries(headers.getAll("x-forwarded-proto")), nodes.size(), hop.index);
        String host = samePosition(entries(headers.getAll("x-forwarded-host")), nodes.size(), hop.index);
        return new ClientOrigin(hop.address, scheme(proto, connectionScheme), host(host));
    }

    /** Where the walk stopped: the client's address, and the index of the hop it stopped at (-1: no hops). */
    private record Hop(InetSocketAddress address, int index) {
    }

    private Hop walk(InetSocketAddress peer, List<String> nodes, boolean bareIpv6) {
        InetSocketAddress lastTrusted = peer;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            String node = nodes.get(i);
            InetSocketAddress hop = node == null ? null : ForwardedNode.parse(node, bareIpv6);
            if (hop == null) return new Hop(lastTrusted, i);
            if (!trusts(hop.getAddress())) return new Hop(hop, i);
            lastTrusted = hop;
        }
        return new Hop(lastTrusted, nodes.isEmpty() ? -1 : 0);
    }

    /** The entry at the hop's index when the lists line up, else the rightmost entry; null if there are none. */
    private static String samePosition(List<String> entries, int hopCount, int index) {
        if (entries.isEmpty()) return null;
        return entries.size() == hopCount && index >= 0 ? entries.get(index) : entries.getLast();
    }

    /** The comma-separated entries of every line of a field, trimmed; empty entries kept, to keep positions. */
    private static List<String> entries(List<String> lines) {
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            int from = 0;
            while (true) {
                int comma = line.indexOf(',', from);
                int end = comma < 0 ? line.length() : comma;
                int start = FieldSyntax.skipWhitespace(line, from);
                while (end > start && FieldSyntax.isWhitespace(line.charAt(end - 1))) end--;
                entries.add(line.substring(start, end));
                if (comma < 0) break;
                from = comma + 1;
            }
        }
        return entries;
    }

    private static String scheme(String proto, String connectionScheme) {
        if (proto == null) return connectionScheme;
        if (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https")) return proto.toLowerCase(Locale.ROOT);
        return connectionScheme;
    }

    /** The host if it is a valid authority by the rules the parser applies to a Host field, else null. */
    private static String host(String host) {
        if (host == null || host.isEmpty()) return null;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 0x7F || !HttpChars.isHostChar((byte) c)) return null;
        }
        return host;
    }

    @Override
    public String toString() {
        return "TrustedProxies" + ranges;
    }
}
