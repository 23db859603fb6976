import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The cheapest relay Java can be: one blocking NIO loop copying an upstream HTTP response to the
 * client through a direct buffer, no framing, no threads. Its CPU per GiB on loopback is the
 * floor under any relay of the same bytes on this machine.
 *
 * <p>{@code java BareRelay.java LISTEN_PORT UPSTREAM_PORT BUFFER_BYTES}; serves connections one at
 * a time until killed.
 */
public final class BareRelay {
    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        ByteBuffer buffer = ByteBuffer.allocateDirect(Integer.parseInt(args[2]));
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", listen));
            while (true) {
                try (SocketChannel client = server.accept();
                     SocketChannel up = SocketChannel.open(new InetSocketAddress("127.0.0.1", upstream))) {
                    buffer.clear();
                    client.read(buffer); // the request; small enough for one read on loopback
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        up.write(buffer);
                    }
                    buffer.clear();
                    while (up.read(buffer) >= 0) {
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            client.write(buffer);
                        }
                        buffer.clear();
                    }
                }
            }
        }
    }
}
