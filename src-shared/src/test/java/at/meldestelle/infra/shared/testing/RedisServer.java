package at.meldestelle.infra.shared.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real {@code redis-server} (Debian package redis-server) on a free 127.0.0.1 port. */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final ChildProcess process;

    private RedisServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    public static RedisServer start() {
        int port = FreePorts.next();
        Path dir = ChildProcess.tempDir("redis-");
        ChildProcess process = ChildProcess.start("redis", List.of(
                "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no"), dir);
        process.awaitReady(() -> FreePorts.listening(port), Duration.ofSeconds(20));
        return new RedisServer(port, process);
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
