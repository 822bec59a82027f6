package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.entries;
import static dev.barista.protocol.http2.hpack.Blocks.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties over generated input:
 * <ol>
 *   <li>blocks written by one encoder and read by one decoder give back the fields, in order, across a
 *       connection's worth of blocks with table size changes between them; a second decoder with a small header
 *       list limit refuses some blocks but keeps its table equal to the encoder's;</li>
 *   <li>Huffman coding gives back any octets;</li>
 *   <li>the decoder throws nothing but HpackException on arbitrary or corrupted blocks, and never stores more
 *       than its limit.</li>
 * </ol>
 */
class HpackPropertiesTest {

    record Field(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /** One block, after the peer's table size settings that arrived since the previous one. */
    record Step(List<Integer> tableSizes, List<Field> fields) {
    }

    // ---- (1) round trip -------------------------------------------------------------------------------------

    @Property(tries = 300)
    void blocksRoundTripAcrossAConnection(
            @ForAll("connections") List<Step> steps,
            @ForAll("initialTableSizes") int initialTableSize,
            @ForAll @IntRange(max = 600) int smallListLimit) throws HpackException {
        HpackEncoder encoder = new HpackEncoder(initialTableSize);
        HpackDecoder decoder = new HpackDecoder(initialTableSize, Long.MAX_VALUE);
        HpackDecoder limited = new HpackDecoder(initialTableSize, smallListLimit);
        HpackOutput out = new HpackOutput(16);
        FieldBlock fields = new FieldBlock(16, 1);
        FieldBlock limitedFields = new FieldBlock(16, 1);
        for (Step step : steps) {
            for (int size : step.tableSizes()) {
                encoder.setMaxTableSize(size);
                decoder.setMaxTableSize(size);
                limited.setMaxTableSize(size);
            }
            out.reset();
            for (Field f : step.fields()) encoder.encode(f.name(), f.value(), out);
            List<String> expected = step.fields().stream().map(Field::toString).toList();

            decoder.decode(ByteBuffer.wrap(out.array(), 0, out.length()), fields);
            assertThat(lines(fields)).isEqualTo(expected);
            assertThat(entries(decoder.table())).isEqualTo(entries(encoder.table()));
            assertThat(decoder.table().size()).isLessThanOrEqualTo(decoder.table().capacity());

            try {
                limited.decode(ByteBuffer.wrap(out.array(), 0, out.length()), limitedFields);
                assertThat(lines(limitedFields)).isEqualTo(expected);
            } catch (HpackException e) {
                assertThat(e.isHeaderListTooLarge()).isTrue();
                assertThat(fields.listSize()).isGreaterThan(smallListLimit);
                List<String> kept = lines(limitedFields);
                assertThat(kept).isEqualTo(expected.subList(0, kept.size()));
            }
            assertThat(limitedFields.listSize()).isLessThanOrEqualTo(smallListLimit);
            assertThat(entries(limited.table())).isEqualTo(entries(encoder.table()));
        }
    }

    @Provide
    Arbitrary<Integer> initialTableSizes() {
        return Arbitraries.of(0, 64, 256, 4096);
    }

    @Provide
    Arbitrary<List<Step>> connections() {
        Arbitrary<List<Integer>> sizes = Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.integers().between(1, 3)))
                .flatMap(n -> Arbitraries.oneOf(Arbitraries.of(0, 32, 100, 256, 4096, 8192),
                        Arbitraries.integers().between(0, 5000)).list().ofSize(n));
        Arbitrary<List<Field>> block = fields().list().ofMinSize(1).ofMaxSize(12);
        return Combinators.combine(sizes, block).as(Step::new).list().ofMinSize(1).ofMaxSize(12);
    }

    private static Arbitrary<Field> fields() {
        Arbitrary<String> token = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-', '_', '.', '!', '~').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(":status", ":path", ":method", ":authority", "content-type",
                        "cache-control", "date", "server", "cookie", "set-cookie", "authorization",
                        "proxy-authorization", "accept-ranges", "x-repeat")),
                Tuple.of(2, token));
        Arbitrary<String> octets = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40);
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("", "GET", "/", "200", "302", "text/html", "gzip",
                        "www.example.com", "no-cache", "Mon, 21 Oct 2013 20:13:21 GMT", "\u00ff\u0080")),
                Tuple.of(4, octets),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff')
                        .ofMinLength(100).ofMaxLength(3000)));
        return Combinators.combine(name, value).as(Field::new);
    }

    // ---- (2) Huffman ----------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void huffmanGivesBackAnyOctets(@ForAll @Size(max = 300) byte[] octets) {
        String text = new String(octets, StandardCharsets.ISO_8859_1);
        HpackOutput out = new HpackOutput(16);
        Huffman.encode(text, out);
        assertThat(out.length()).isEqualTo(Huffman.encodedLength(text));
        byte[] decoded = new byte[Huffman.maxDecodedLength(out.length())];
        int n = Huffman.decode(out.array(), 0, out.length(), decoded, 0);
        assertThat(Arrays.copyOf(decoded, n)).isEqualTo(octets);
        assertThat(Huffman.decodedLength(out.array(), 0, out.length())).isEqualTo(n);
    }

    @Property(tries = 1000)
    void huffmanDecodingOfArbitraryOctetsStaysWithinItsBound(@ForAll @Size(max = 100) byte[] code) {
        byte[] decoded = new byte[Huffman.maxDecodedLength(code.length)];
        int n = Huffman.decode(code, 0, code.length, decoded, 0);
        assertThat(n).isBetween(-1, decoded.length);
        assertThat(Huffman.decodedLength(code, 0, code.length)).isEqualTo(n);
        if (n >= 0) { // a valid string encodes back to itself
            HpackOutput out = new HpackOutput(16);
            Huffman.encode(new String(decoded, 0, n, StandardCharsets.ISO_8859_1), out);
            assertThat(out.toByteArray()).isEqualTo(code);
        }
    }

    // ---- (3) fuzz -------------------------------------------------------------------------------------------

    @Property(tries = 2000)
    void arbitraryBytesOnlyEverThrowHpackException(
            @ForAll @Size(max = 200) byte[] block,
            @ForAll @IntRange(max = 4096) int tableSize,
            @ForAll @IntRange(max = 2000) int listLimit) {
        decodeAnything(new HpackDecoder(tableSize, listLimit), block, listLimit);
    }

    @Property(tries = 1000)
    void corruptedBlocksOnlyEverThrowHpackException(
            @ForAll("blocks") List<Field> fields,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(max = 1_000_000) Integer> positions,
            @ForAll @Size(min = 8, max = 8) byte[] replacements,
            @ForAll @IntRange(max = 2000) int listLimit) {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackOutput out = new HpackOutput();
        for (Field f : fields) encoder.encode(f.name(), f.value(), out);
        for (Field f : fields) encoder.encode(f.name(), f.value(), out); // some references too
        byte[] block = out.toByteArray();
        if (block.length == 0) return;
        for (int i = 0; i < positions.size(); i++) block[positions.get(i) % block.length] = replacements[i];
        HpackDecoder decoder = new HpackDecoder(4096, listLimit);
        decodeAnything(decoder, block, listLimit);
        decodeAnything(decoder, block, listLimit); // a second block against whatever table the first left
    }

    @Provide
    Arbitrary<List<Field>> blocks() {
        return fields().list().ofMinSize(1).ofMaxSize(8);
    }

    private static void decodeAnything(HpackDecoder decoder, byte[] block, int listLimit) {
        FieldBlock fields = new FieldBlock(16, 1);
        List<Throwable> unexpected = new ArrayList<>();
        try {
            decoder.decode(ByteBuffer.wrap(block), fields);
        } catch (HpackException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        } catch (RuntimeException | Error e) {
            unexpected.add(e);
        }
        assertThat(unexpected).isEmpty();
        assertThat(fields.listSize()).isLessThanOrEqualTo(listLimit);
        assertThat(decoder.table().size()).isLessThanOrEqualTo(decoder.table().capacity());
    }
}
