package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.HEADER_TABLE_SIZE;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_CONCURRENT_STREAMS;
import static dev.barista.protocol.http2.Http2.MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_HEADER_LIST_SIZE;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Settings}: presence, the RFC's initial values while absent, unknown identifiers, and merging. */
class FrameSettingsTest {

    @Test
    void aNewInstanceIsEmptyAndAnswersTheInitialValues() {
        Settings s = new Settings();
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.count()).isZero();
        for (int id : new int[] {1, 2, 3, 4, 5, 6, 9}) assertThat(s.has(id)).isFalse();
        assertThat(s.get(HEADER_TABLE_SIZE)).isEqualTo(4096);
        assertThat(s.get(ENABLE_PUSH)).isEqualTo(1);
        assertThat(s.get(MAX_CONCURRENT_STREAMS)).isEqualTo(Settings.UNLIMITED);
        assertThat(s.get(INITIAL_WINDOW_SIZE)).isEqualTo(65_535);
        assertThat(s.get(MAX_FRAME_SIZE)).isEqualTo(16_384);
        assertThat(s.get(MAX_HEADER_LIST_SIZE)).isEqualTo(Settings.UNLIMITED);
        assertThat(s.get(NO_RFC7540_PRIORITIES)).isZero();
    }

    @Test
    void valuesAreUnsigned32Bit() {
        Settings s = new Settings().set(MAX_HEADER_LIST_SIZE, 0xffff_ffffL).set(HEADER_TABLE_SIZE, 0);
        assertThat(s.get(MAX_HEADER_LIST_SIZE)).isEqualTo(0xffff_ffffL);
        assertThat(s.get(HEADER_TABLE_SIZE)).isZero();
        assertThat(s.has(HEADER_TABLE_SIZE)).isTrue();
        assertThat(s.count()).isEqualTo(2);
        assertThatThrownBy(() -> s.set(HEADER_TABLE_SIZE, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.set(HEADER_TABLE_SIZE, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownIdentifiersAreNeverHeld() {
        Settings s = new Settings();
        for (int id : new int[] {0, 7, 8, 10, 31, 32, 33, 0xffff, -1, Integer.MIN_VALUE}) {
            assertThat(Settings.isKnown(id)).as("id %d", id).isFalse();
            assertThat(s.has(id)).isFalse();
            assertThatThrownBy(() -> s.set(id, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.get(id)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void clearMakesEverythingAbsent() {
        Settings s = new Settings().set(ENABLE_PUSH, 0).set(MAX_FRAME_SIZE, 20_000);
        s.clear();
        assertThat(s).isEqualTo(new Settings());
        assertThat(s.get(MAX_FRAME_SIZE)).isEqualTo(16_384);
    }

    @Test
    void applyToOverwritesOnlyWhatIsPresent() {
        Settings current = new Settings().set(INITIAL_WINDOW_SIZE, 1000).set(MAX_FRAME_SIZE, 20_000);
        new Settings().set(INITIAL_WINDOW_SIZE, 2000).set(ENABLE_PUSH, 0).applyTo(current);
        assertThat(current).isEqualTo(new Settings().set(INITIAL_WINDOW_SIZE, 2000).set(MAX_FRAME_SIZE, 20_000)
                .set(ENABLE_PUSH, 0));
        new Settings().applyTo(current);
        assertThat(current.count()).isEqualTo(3);
    }

    @Test
    void copyIsIndependent() {
        Settings s = new Settings().set(ENABLE_PUSH, 0);
        Settings copy = s.copy();
        s.set(ENABLE_PUSH, 1).set(MAX_FRAME_SIZE, 16_384);
        assertThat(copy).isEqualTo(new Settings().set(ENABLE_PUSH, 0)).isNotEqualTo(s);
    }

    @Test
    void equalityIgnoresValuesLeftBehindByClear() {
        Settings cleared = new Settings().set(ENABLE_PUSH, 0);
        cleared.clear();
        cleared.set(MAX_FRAME_SIZE, 16_384);
        Settings fresh = new Settings().set(MAX_FRAME_SIZE, 16_384);
        assertThat(cleared).isEqualTo(fresh).hasSameHashCodeAs(fresh);
    }

    @Test
    void toStringNamesThePresentSettingsInIdOrder() {
        assertThat(new Settings().set(NO_RFC7540_PRIORITIES, 1).set(ENABLE_PUSH, 0))
                .hasToString("{ENABLE_PUSH=0, NO_RFC7540_PRIORITIES=1}");
        assertThat(new Settings()).hasToString("{}");
    }
}
