package at.meldestelle.infra.shared.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters, each a {@link RedisServer} in cluster mode, for tests of the
 * event store's hash-tagged key layout: keys of one command or script that do not share a slot fail
 * here as on any cluster.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATE_OK_TIMEOUT = Duration.ofSeconds(20);

    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster() {
    }

    public static RedisCluster start() {
        return FreePorts.retryWhileTaken(RedisCluster::startOnce);
    }

    private static RedisCluster startOnce() {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < MASTERS; i++) {
                // The cluster bus would listen on port + 10000, beyond 65535 for free ports above 55535.
                cluster.nodes.add(RedisServer.startOn(FreePorts.next(), List.of(
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000", "--cluster-port", Integer.toString(FreePorts.next()))));
            }
            cluster.create();
            cluster.awaitStateOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Assigns the slots among the masters and joins them: {@code redis-cli --cluster create}. */
    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        ChildProcess.start("redis-cluster-create", command, ChildProcess.tempDir("redis-cluster-"))
                .awaitSuccess(CREATE_TIMEOUT);
    }

    /** The masters agree on the slots some moments after they were created; until then they refuse commands. */
    private void awaitStateOk() {
        Instant deadline = Instant.now().plus(STATE_OK_TIMEOUT);
        while (!nodes.stream().allMatch(node -> clusterInfo(node.port()).contains("cluster_state:ok"))) {
            if (Instant.now().isAfter(deadline)) {
                String states = nodes.stream().map(node -> node.port() + ": " + clusterInfo(node.port()))
                        .collect(Collectors.joining("\n"));
                throw new IllegalStateException("Redis cluster " + hosts() + " was not ok within " + STATE_OK_TIMEOUT
                        + ":\n" + states);
            }
            ChildProcess.pause();
        }
    }

    /** The node's answer to {@code CLUSTER INFO}, or why there was none. */
    private static String clusterInfo(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("*2\r\n$7\r\nCLUSTER\r\n$4\r\nINFO\r\n".getBytes(StandardCharsets.US_ASCII));
            return RedisServer.readBulkString(socket.getInputStream());
        } catch (IOException | RuntimeException e) {
            return "no answer: " + e;
        }
    }

    public List<Integer> ports() {
        return nodes.stream().map(RedisServer::port).toList();
    }

    /** The masters as {@code quarkus.redis.hosts} takes them with {@code quarkus.redis.client-type=cluster}. */
    public String hosts() {
        return nodes.stream().map(RedisServer::url).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
