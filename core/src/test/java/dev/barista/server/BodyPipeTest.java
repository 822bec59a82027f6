package dev.barista.server;

import dev.barista.protocol.BodyPipe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyPipeTest {

    @Test
    void deliversBytesInOrderThenEnd() throws IOException {
        BodyPipe pipe = new BodyPipe(1024, 256, () -> { });
        pipe.offer(ByteBuffer.wrap("hello ".getBytes()));
        pipe.offer(ByteBuffer.wrap("world".getBytes()));
        pipe.finish();
        assertThat(new String(pipe.stream().readAllBytes())).isEqualTo("hello world");
        assertThat(pipe.stream().read()).isEqualTo(-1);
    }

    @Test
    void asksTheProducerToPauseAboveHighWaterAndResumesBelowLowWater() throws IOException {
        AtomicInteger resumes = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(100, 40, resumes::incrementAndGet);
        assertThat(pipe.offer(ByteBuffer.wrap(new byte[60]))).isFalse();
        assertThat(pipe.offer(ByteBuffer.wrap(new byte[60]))).isTrue(); // 120 > 100: pause
        InputStream in = pipe.stream();
        assertThat(in.read(new byte[50])).isEqualTo(50); // 70 left: still above low water
        assertThat(resumes).hasValue(0);
        assertThat(in.read(new byte[50])).isEqualTo(10); // 60 left (first chunk done)
        assertThat(in.read(new byte[30])).isEqualTo(30); // 30 left < 40: resume once
        assertThat(resumes).hasValue(1);
        assertThat(in.read(new byte[30])).isEqualTo(30);
        assertThat(resumes).hasValue(1);
    }

    @Test
    void aReaderBlocksUntilBytesArrive() throws Exception {
        BodyPipe pipe = new BodyPipe(1024, 256, () -> { });
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(pipe.stream().readAllBytes());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        Thread.sleep(50);
        assertThat(read).isNotDone();
        pipe.offer(ByteBuffer.wrap("late".getBytes()));
        pipe.finish();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void aFailedBodyFailsTheReaderAfterTheBytesThatArrived() throws IOException {
        BodyPipe pipe = new BodyPipe(1024, 256, () -> { });
        pipe.offer(ByteBuffer.wrap("part".getBytes()));
        pipe.fail(new IOException("client vanished"));
        InputStream in = pipe.stream();
        assertThat(in.read(new byte[4])).isEqualTo(4);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
    }

    @Test
    void closingAbandonsTheRestAndUnpausesTheProducer() throws IOException {
        AtomicInteger resumes = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(10, 5, resumes::incrementAndGet);
        assertThat(pipe.offer(ByteBuffer.wrap(new byte[20]))).isTrue();
        pipe.stream().close();
        assertThat(pipe.abandoned()).isTrue();
        assertThat(resumes).hasValue(1);
        ByteBuffer more = ByteBuffer.wrap(new byte[20]);
        assertThat(pipe.offer(more)).isFalse();
        assertThat(more.hasRemaining()).isFalse();
    }
}
