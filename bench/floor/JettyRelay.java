import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpOutput;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketPartialListener;
import org.eclipse.jetty.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * The least a Jetty 11 server (the one inside Javalin 6) can do to relay a client's WebSocket
 * binary frames into a chunked HTTP response: Jetty's own partial-message listener, each fragment
 * written straight from the socket thread into the response with a blocking write (so TCP itself is
 * the backpressure), no protocol, no credit messages, no queue, no copy, no thread hand-off, no
 * Javalin. Its CPU per GiB is the floor under any relay built on Jetty's WebSocket server.
 *
 * <p>{@code java -cp remotefetch-server.jar JettyRelay.java PORT}; a sender
 * ({@code OkHttpSender.java}) connects to {@code /ws}, and each {@code GET /dl} sends it "go" and
 * returns once it answers "end" after the last binary message.
 */
public final class JettyRelay implements WebSocketPartialListener {
    private static final int BUFFER = Integer.getInteger("buffer", 256 * 1024);
    private static final int INPUT = Integer.getInteger("input", 64 * 1024);
    private volatile Session agent;
    private volatile HttpOutput target;
    private volatile CountDownLatch done;

    public static void main(String[] args) throws Exception {
        JettyRelay relay = new JettyRelay();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        context.addServlet(new ServletHolder(new JettyWebSocketServlet() {
            @Override
            protected void configure(JettyWebSocketServletFactory factory) {
                factory.getAvailableExtensionNames().remove("permessage-deflate"); // as RemoteFetchServer does
                factory.setMaxBinaryMessageSize(1 << 20);
                factory.setInputBufferSize(INPUT);
                factory.addMapping("/", (request, response) -> relay);
            }
        }), "/ws");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                relay.serve(response);
            }
        }), "/dl");
        server.setHandler(context);
        server.start();
        server.join();
    }

    void serve(HttpServletResponse response) throws IOException {
        response.setContentType("application/octet-stream");
        response.setBufferSize(BUFFER);
        target = (HttpOutput) response.getOutputStream();
        done = new CountDownLatch(1);
        agent.getRemote().sendString("go");
        try {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IOException("sender never finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void onWebSocketConnect(Session session) {
        agent = session;
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean fin) {
        try {
            // Jetty aggregates small array writes into the response buffer; its ByteBuffer write
            // would instead send every ~4 KiB fragment as a chunk of its own (4.2 vs 2.5 s/GiB).
            if (payload.hasArray()) {
                target.write(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
            } else {
                byte[] copy = new byte[payload.remaining()];
                payload.get(copy);
                target.write(copy);
            }
        } catch (IOException e) {
            agent.close(1011, "admin gone");
        }
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean fin) {
        if ("end".equals(payload)) {
            done.countDown();
        }
    }
}
