package dev.cpx.web.market;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP forwarder on a free local port, to put a network between the application and its database and then
 * take it away: {@link #cut()} closes every open connection and refuses new ones (each is accepted and closed at
 * once, as a database that went away would look to a client), {@link #restore()} forwards again. {@link #delay}
 * makes it slow instead: every chunk waits before it is passed on, in both directions.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;
    private volatile long delayNanos;

    private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.acceptor = Thread.ofPlatform().name("tcp-proxy-accept").daemon().start(this::accept);
    }

    /** Listens on 127.0.0.1 on a free port and forwards each connection to {@code targetHost:targetPort}. */
    static TcpProxy start(String targetHost, int targetPort) throws IOException {
        var server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new TcpProxy(server, targetHost, targetPort);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every forwarded connection now and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        closeAll();
    }

    void restore() {
        cut = false;
    }

    /**
     * From now on every chunk read from either side waits {@code perChunk} before it is written to the other, so a
     * request and its answer pay it twice; {@link Duration#ZERO} forwards at once again.
     */
    void delay(Duration perChunk) {
        delayNanos = perChunk.toNanos();
    }

    /** Connections forwarded so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections closed at once because the proxy was cut. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeAll();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket upstream;
            try {
                upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            // A cut between the check above and the registration must not leave this pair forwarding.
            if (cut) {
                refused.incrementAndGet();
                closePair(client, upstream);
                continue;
            }
            accepted.incrementAndGet();
            Thread.ofPlatform().name("tcp-proxy-up").daemon().start(() -> copy(client, upstream));
            Thread.ofPlatform().name("tcp-proxy-down").daemon().start(() -> copy(upstream, client));
        }
    }

    /** Copies one direction until either side ends, then closes both: a half-open pair helps nobody here. */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long delay = delayNanos;
                if (delay > 0) {
                    // The latency itself: this chunk and whatever queues behind it arrive that much later.
                    TimeUnit.NANOSECONDS.sleep(delay);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // The other direction or a cut closed the pair.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closePair(from, to);
        }
    }

    private void closePair(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
    }

    private void closeAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
