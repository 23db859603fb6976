package com.remotefetch.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of a server, playing the networks restaurants sit
 * behind: it can refuse every HTTP POST (a proxy that lets the WebSocket through but not uploads)
 * and can throttle what clients send upstream to a few kB/s (a slow uplink).
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Integer> targetPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final boolean refusePosts;
    private final long upstreamBytesPerSecond;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** When the shared uplink is free next (System.nanoTime), for {@link #sharedUplink}. */
    private final AtomicLong uplinkFree = new AtomicLong(System.nanoTime());
    private volatile boolean shared;

    /** @param upstreamBytesPerSecond 0 for no throttle */
    public TcpProxy(int targetPort, boolean refusePosts, long upstreamBytesPerSecond) throws IOException {
        this(List.of(targetPort), refusePosts, upstreamBytesPerSecond);
    }

    /**
     * A slow uplink shared by every connection through the proxy (a restaurant's DSL): what clients
     * send upstream goes out at {@code bytesPerSecond} in all, in small slices taken in turn.
     */
    public static TcpProxy sharedUplink(int targetPort, long bytesPerSecond) throws IOException {
        TcpProxy proxy = new TcpProxy(List.of(targetPort), false, bytesPerSecond);
        proxy.shared = true;
        return proxy;
    }

    /** A round-robin load balancer: each new connection goes to the next port that accepts it. */
    public static TcpProxy roundRobin(List<Integer> targetPorts) throws IOException {
        return new TcpProxy(targetPorts, false, 0);
    }

    private TcpProxy(List<Integer> targetPorts, boolean refusePosts, long upstreamBytesPerSecond) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPorts = List.copyOf(targetPorts);
        this.refusePosts = refusePosts;
        this.upstreamBytesPerSecond = upstreamBytesPerSecond;
        Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                daemon(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = connectUpstream()) {
            open.add(upstream);
            PushbackInputStream in = new PushbackInputStream(client.getInputStream(), 8);
            byte[] head = in.readNBytes(5);
            if (refusePosts && new String(head, StandardCharsets.US_ASCII).equals("POST ")) {
                client.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            in.unread(head);
            daemon(() -> pump(upstream, client, 0));
            if (shared) {
                pumpShared(client, upstream, in);
            } else {
                pump(client, upstream, upstreamBytesPerSecond, in);
            }
        } catch (IOException | InterruptedException e) {
            // a side closed: so does the other
        }
    }

    /** The next target that accepts, as a load balancer skips a dead instance. */
    private Socket connectUpstream() throws IOException {
        IOException last = null;
        for (int i = 0; i < targetPorts.size(); i++) {
            int port = targetPorts.get(Math.floorMod(next.getAndIncrement(), targetPorts.size()));
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private void pump(Socket from, Socket to, long bytesPerSecond) {
        try {
            pump(from, to, bytesPerSecond, from.getInputStream());
        } catch (IOException | InterruptedException e) {
            // done
        }
    }

    private static void pump(Socket from, Socket to, long bytesPerSecond, InputStream in)
            throws IOException, InterruptedException {
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[bytesPerSecond > 0 ? (int) Math.max(1, Math.min(8192, bytesPerSecond / 10)) : 65536];
        long started = System.nanoTime();
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                total += n;
                if (bytesPerSecond > 0) {
                    long due = started + total * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing a link, not waiting for an event
                    }
                }
            }
        } finally {
            from.close();
            to.close();
        }
    }

    /** Upstream through the shared uplink: each 1 KiB slice waits for its turn on the line. */
    private void pumpShared(Socket from, Socket to, InputStream in) throws IOException, InterruptedException {
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                long cost = n * 1_000_000_000L / upstreamBytesPerSecond;
                long done = uplinkFree.accumulateAndGet(cost, (free, c) -> Math.max(free, System.nanoTime()) + c);
                long wait = done - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing a link, not waiting for an event
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } finally {
            from.close();
            to.close();
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
