package com.remotefetch.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Sockets for OkHttp clients that stream large request bodies (the agent's upload segments, the
 * server's hop forwarding them to another instance). OkHttp leaves Nagle's algorithm on, and okio
 * writes a body to the socket 8 KiB segment by segment: each small write then waited for the
 * acknowledgement of the data before it, and the sender sat blocked on a full socket while the
 * receiver waited for bytes. These sockets turn Nagle off ({@code TCP_NODELAY}) and, on plaintext
 * connections, gather okio's writes into 64 KiB before each system call, so that every write still
 * fills a TCP segment. Over TLS the socket carries whole records and is not buffered: only OkHttp's
 * own flush at the end of a request is relied on here, which plaintext HTTP/1 always does.
 */
public final class StreamingSocketFactory extends SocketFactory {
    /** What a plaintext socket gathers before one write: a loopback TCP segment's worth. */
    public static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final boolean buffered;

    private StreamingSocketFactory(boolean buffered) {
        this.buffered = buffered;
    }

    /** Sockets for a server reached by {@code scheme}: writes are gathered for "http" only. */
    public static StreamingSocketFactory forScheme(String scheme) {
        return new StreamingSocketFactory("http".equalsIgnoreCase(scheme));
    }

    @Override
    public Socket createSocket() throws SocketException {
        Socket socket = buffered ? new BufferedSocket() : new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connect(createSocket(), null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connect(createSocket(), new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connect(createSocket(), null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connect(createSocket(), new InetSocketAddress(localAddress, localPort),
                new InetSocketAddress(address, port));
    }

    private static Socket connect(Socket socket, InetSocketAddress local, InetSocketAddress remote) throws IOException {
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    private static final class BufferedSocket extends Socket {
        private OutputStream out;

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new BufferedOutputStream(super.getOutputStream(), WRITE_BUFFER_BYTES);
            }
            return out;
        }
    }
}
