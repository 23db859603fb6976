import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The sending half of {@code JettyRelay.java}: an OkHttp WebSocket client that, on each "go",
 * sends one file in 256 KiB binary messages (the agent's frame size), keeping OkHttp's send queue
 * under 1 MiB as the agent does, then "end".
 *
 * <p>{@code java -cp remotefetch-agent.jar OkHttpSender.java ws://127.0.0.1:PORT/ws FILE}
 */
public final class OkHttpSender extends WebSocketListener {
    private static final int CHUNK = 256 * 1024;
    private static final long MAX_QUEUED = 1024 * 1024;
    private final Path file;

    OkHttpSender(Path file) {
        this.file = file;
    }

    public static void main(String[] args) throws Exception {
        OkHttpClient client = new OkHttpClient();
        client.newWebSocket(new Request.Builder().url(args[0]).build(), new OkHttpSender(Path.of(args[1])));
        Thread.currentThread().join();
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        if ("go".equals(text)) {
            new Thread(() -> send(socket), "sender").start();
        }
    }

    private void send(WebSocket socket) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer.clear()) > 0) {
                while (socket.queueSize() > MAX_QUEUED) {
                    LockSupport.parkNanos(200_000);
                }
                socket.send(ByteString.of(buffer.array(), 0, buffer.position()));
            }
            socket.send("end");
        } catch (Exception e) {
            e.printStackTrace();
            socket.cancel();
        }
    }

    @Override
    public void onFailure(WebSocket socket, Throwable t, Response response) {
        t.printStackTrace();
        System.exit(1);
    }
}
