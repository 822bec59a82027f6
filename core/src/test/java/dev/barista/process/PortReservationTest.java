package dev.barista.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prefork master's port reservation ({@link PreforkMaster#reserve}): it binds beside the TIME_WAIT
 * sockets a stopped server left, and afterwards keeps out any socket but a worker's (SO_REUSEPORT, same user).
 */
class PortReservationTest {

    @Test
    void bindsBesideTimeWaitAndStillKeepsOtherServersOut() throws IOException {
        InetSocketAddress address = portWithTimeWait();
        // What the reservation was (SO_REUSEPORT alone) is refused here: the TIME_WAIT sockets are in the way.
        try (SocketChannel old = SocketChannel.open()) {
            old.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            assertThatThrownBy(() -> old.bind(address)).isInstanceOf(BindException.class);
        }
        try (SocketChannel reservation = SocketChannel.open()) {
            PreforkMaster.reserve(reservation, address);
            assertThat(reservation.getOption(StandardSocketOptions.SO_REUSEADDR)).isFalse();

            // Another server (SO_REUSEADDR, as most set) while no worker listens: refused.
            try (ServerSocketChannel other = ServerSocketChannel.open()) {
                other.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                assertThatThrownBy(() -> other.bind(address)).isInstanceOf(BindException.class);
            }
            // Another prefork master of this user: refused too, though it has SO_REUSEPORT.
            try (SocketChannel second = SocketChannel.open()) {
                assertThatThrownBy(() -> PreforkMaster.reserve(second, address)).isInstanceOf(BindException.class);
            }
            // A worker: let in.
            try (ServerSocketChannel worker = ServerSocketChannel.open()) {
                worker.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                worker.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                worker.bind(address);
                try (SocketChannel client = SocketChannel.open(address); SocketChannel served = worker.accept()) {
                    assertThat(served.isConnected()).isTrue();
                }
            }
        }
    }

    /** A loopback port where a listener (SO_REUSEADDR, no SO_REUSEPORT) closed connections first, then itself. */
    private static InetSocketAddress portWithTimeWait() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            for (int i = 0; i < 5; i++) {
                try (SocketChannel client = SocketChannel.open(address); SocketChannel served = listener.accept()) {
                    served.close();
                    assertThat(client.read(ByteBuffer.allocate(1))).isEqualTo(-1); // the server's FIN
                }
            }
            return address;
        }
    }
}
