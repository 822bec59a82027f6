package dev.barista.process;

import dev.barista.server.ServerSnapshot;
import dev.barista.server.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every master/worker message survives its frame. */
class IpcMessageTest {
    /** A snapshot with every section. */
    static final ServerSnapshot FULL = new ServerSnapshot("prefork", false, 3,
            new StatsSnapshot(1, 2, 3, 4, 5, 6, 7, Long.MAX_VALUE),
            new ServerSnapshot.Threads(40, 44, 30, 2, 9, new ServerSnapshot.Carriers(2, 1, 1, 0)),
            new ServerSnapshot.Loops(2, 1, 12345), new ServerSnapshot.Pool(32, 3, 1, 4, 500),
            new ServerSnapshot.Prefork(2, 2, 1, 0), new ServerSnapshot.Children(5, 16, 100, 95, 141.5));
    /** One with none of the optional sections, marked partial. */
    static final ServerSnapshot BARE = new ServerSnapshot("process-per-connection", true, 1, StatsSnapshot.ZERO,
            new ServerSnapshot.Threads(12, 12, 8, 0, 0, null), null, null, null, null);

    @Test
    void everyMessageRoundTrips() {
        List<IpcMessage> messages = List.of(new IpcMessage.Hello(7, 12345), new IpcMessage.Ready(8080),
                new IpcMessage.Stats(FULL), new IpcMessage.Stats(BARE), new IpcMessage.Stop(2500),
                new IpcMessage.StatsQuery(42, BARE), new IpcMessage.StatsAnswer(42, FULL));
        for (IpcMessage m : messages) {
            ByteBuffer frame = m.encode();
            int length = frame.getInt();
            assertThat(length).isEqualTo(frame.remaining());
            assertThat(IpcMessage.decode(frame)).isEqualTo(m);
        }
    }

    @Test
    void anUnknownTypeIsRejected() {
        assertThatThrownBy(() -> IpcMessage.decode(ByteBuffer.wrap(new byte[]{99})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
