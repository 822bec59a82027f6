package dev.barista.transport.tls;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DER writer's output, byte for byte against known encodings, reads back through the reader. */
class TlsDerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void objectIdentifiersMatchKnownEncodingsAndReadBack() {
        List<List<String>> table = List.of(
                List.of("1.2.840.10045.2.1", "06072a8648ce3d0201"),
                List.of("2.5.29.17", "0603551d11"),
                List.of("1.3.6.1.5.5.7.3.1", "06082b06010505070301"),
                List.of("1.3.101.112", "06032b6570"),
                List.of("2.999.3", "0603883703"));
        for (List<String> row : table) {
            assertThat(HEX.formatHex(Der.oid(row.get(0)))).as(row.get(0)).isEqualTo(row.get(1));
            assertThat(Der.parse(HEX.parseHex(row.get(1))).oid()).isEqualTo(row.get(0));
        }
    }

    @Test
    void integersAreMinimalTwosComplement() {
        assertThat(HEX.formatHex(Der.integer(0))).isEqualTo("020100");
        assertThat(HEX.formatHex(Der.integer(127))).isEqualTo("02017f");
        assertThat(HEX.formatHex(Der.integer(128))).isEqualTo("02020080");
        assertThat(HEX.formatHex(Der.integer(-129))).isEqualTo("0202ff7f");
        for (BigInteger value : List.of(BigInteger.ZERO, BigInteger.TWO.pow(127), BigInteger.valueOf(-1),
                new BigInteger("123456789012345678901234567890"))) {
            assertThat(Der.parse(Der.integer(value)).integer()).isEqualTo(value);
        }
    }

    @Test
    void lengthsUseTheShortFormUpTo127AndTheLongFormAfter() {
        for (int length : new int[]{0, 1, 127, 128, 255, 256, 65_535, 70_000}) {
            byte[] encoded = Der.octetString(new byte[length]);
            int header = length < 128 ? 2 : length < 256 ? 3 : length < 65_536 ? 4 : 5;
            assertThat(encoded).as("length %d", length).hasSize(header + length);
            assertThat(Der.parse(encoded).octetString()).hasSize(length);
        }
        assertThat(HEX.formatHex(Der.octetString(new byte[200]), 0, 3)).isEqualTo("0481c8");
    }

    @Test
    void timesAreUtcTimeUntil2049AndGeneralizedTimeAfter() {
        Instant y2049 = Instant.parse("2049-12-31T23:59:59Z");
        Instant y2050 = Instant.parse("2050-01-01T00:00:00Z");
        Instant y1999 = Instant.parse("1999-06-01T12:00:00Z");
        assertThat(new String(Der.time(y2049), 2, 13, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("491231235959Z");
        assertThat(Der.time(y2049)[0]).isEqualTo((byte) Der.UTC_TIME);
        assertThat(Der.time(y2050)[0]).isEqualTo((byte) Der.GENERALIZED_TIME);
        for (Instant t : List.of(y2049, y2050, y1999)) assertThat(Der.parse(Der.time(t)).time()).isEqualTo(t);
    }

    @Test
    void nestedStructuresReadBackElementByElement() {
        byte[] structure = Der.sequence(Der.integer(1), Der.explicit(0, Der.oid("1.2.3")),
                Der.implicit(2, "a.test".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Der.bitString(new byte[]{(byte) 0x80}, 7), Der.utf8String("ünï"), Der.bool(true), Der.nullValue());
        Der.Reader reader = Der.parse(structure).reader();
        assertThat(reader.next(Der.INTEGER).integer()).isEqualTo(1);
        assertThat(reader.nextIf(0xA1)).isNull();
        assertThat(reader.next(0xA0).reader().next().oid()).isEqualTo("1.2.3");
        assertThat(new String(reader.next(0x82).content(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("a.test");
        assertThat(reader.next().bitString()).containsExactly(0x80);
        assertThat(reader.next().string()).isEqualTo("ünï");
        assertThat(reader.next(Der.BOOLEAN).content()).containsExactly(0xFF);
        assertThat(reader.next(Der.NULL).content()).isEmpty();
        assertThat(reader.hasMore()).isFalse();
    }

    @Test
    void malformedInputIsRefusedNotOverread() {
        byte[] whole = Der.sequence(Der.integer(5), Der.octetString(new byte[300]));
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> {
                Der.Reader reader = Der.parse(truncated).reader();
                while (reader.hasMore()) reader.next();
            }).as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed DER");
        }
        assertThatThrownBy(() -> Der.parse(HEX.parseHex("30800201000000"))).hasMessageContaining("length form");
        assertThatThrownBy(() -> Der.parse(HEX.parseHex("0201000500"))).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> Der.parse(HEX.parseHex("020100")).oid()).hasMessageContaining("expected tag 0x06");
    }
}
