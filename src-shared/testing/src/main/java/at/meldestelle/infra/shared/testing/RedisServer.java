package at.meldestelle.infra.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} (Debian package redis-server) on a free 127.0.0.1 port, configured as
 * the platform runs it: append-only file fsynced on every write, no eviction.
 */
public final class RedisServer implements AutoCloseable {

    private static final Pattern PROCESS_ID = Pattern.compile("process_id:(\\d+)");

    private final int port;
    private final ChildProcess process;

    private RedisServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    public static RedisServer start() {
        return FreePorts.retryWhileTaken(RedisServer::startOnce);
    }

    private static RedisServer startOnce() {
        return startOn(FreePorts.next());
    }

    static RedisServer startOn(int port) {
        return startOn(port, List.of());
    }

    /** As {@link #startOn(int)}, with {@code options} added to the server's command line. */
    static RedisServer startOn(int port, List<String> options) {
        Path dir = ChildProcess.tempDir("redis-");
        List<String> command = new ArrayList<>(List.of(
                "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--maxmemory-policy", "noeviction"));
        command.addAll(options);
        ChildProcess process = ChildProcess.start("redis", command, dir);
        // Ready when the server on the port is the one started here, not another that holds the port.
        process.awaitReady(() -> processIdOn(port) == process.pid(), Duration.ofSeconds(20));
        return new RedisServer(port, process);
    }

    /** The {@code process_id} the Redis server on {@code port} reports ({@code INFO server}), or -1. */
    static long processIdOn(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n".getBytes(StandardCharsets.US_ASCII));
            Matcher matcher = PROCESS_ID.matcher(readBulkString(socket.getInputStream()));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String readBulkString(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            header.write(b);
        }
        String line = header.toString(StandardCharsets.US_ASCII).trim();
        if (!line.startsWith("$")) {
            throw new IOException("not a bulk string: " + line);
        }
        return new String(in.readNBytes(Integer.parseInt(line.substring(1))), StandardCharsets.UTF_8);
    }

    /**
     * Stops this server and starts a new, empty one on the same port: clients see their connections
     * dropped and data gone, as after a restart without persistence. Close the returned server.
     */
    public RedisServer restart() {
        return restartAfter(() -> { });
    }

    /** As {@link #restart()}, running {@code whileDown} after the stop and before the start (an outage);
     * if {@code whileDown} fails, nothing is started again. */
    public RedisServer restartAfter(Runnable whileDown) {
        close();
        whileDown.run();
        return startOn(port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.stop();
    }
}
