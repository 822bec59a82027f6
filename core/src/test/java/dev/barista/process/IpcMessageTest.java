package dev.barista.process;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every master/worker message survives its frame. */
class IpcMessageTest {

    @Test
    void everyMessageRoundTrips() {
        List<IpcMessage> messages = List.of(new IpcMessage.Hello(7, 12345), new IpcMessage.Ready(8080),
                new IpcMessage.Stats(new StatsSnapshot(1, 2, 3, 4, 5, 6, 7, Long.MAX_VALUE)), new IpcMessage.Stop(2500));
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
