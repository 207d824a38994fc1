package at.meldestelle.infra.shared.testing;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Kafka 4 broker in KRaft mode (broker and controller in one process), run from the jars
 * that the {@code bin/runtime} module copies out of Maven Central. A child process rather than an
 * in-JVM broker keeps the broker's Scala and Jackson jars off the service's class path.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String RUNTIME_PROPERTY = "platform.runtime.dir";

    private final int port;
    private final Path dir;
    private final List<String> command;
    private ChildProcess process;
    private int starts;

    private KafkaBroker(int port, Path dir, List<String> command) {
        this.port = port;
        this.dir = dir;
        this.command = command;
    }

    public static KafkaBroker start() {
        return FreePorts.retryWhileTaken(KafkaBroker::startOnce);
    }

    private static KafkaBroker startOnce() {
        String classPath = libs().resolve("*").toString();
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path dir = ChildProcess.tempDir("kafka-");
        Path config = write(dir.resolve("server.properties"), serverProperties(port, controllerPort, dir.resolve("data")));
        Path logConfig = write(dir.resolve("log4j2.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                logger.kafka.name = kafka
                logger.kafka.level = INFO
                logger.org.name = org.apache.kafka
                logger.org.level = WARN
                """);

        String java = ChildProcess.javaExecutable();
        ChildProcess.start("kafka-format", List.of(java, "-cp", classPath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString()), dir).awaitSuccess(Duration.ofSeconds(60));

        KafkaBroker broker = new KafkaBroker(port, dir, List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + logConfig, "-cp", classPath, "kafka.Kafka", config.toString()));
        broker.run();
        return broker;
    }

    private void run() {
        starts++;
        ChildProcess started = ChildProcess.start("kafka-" + starts, command, dir);
        started.awaitReady(() -> started.logContains("Kafka Server started"), Duration.ofSeconds(90));
        process = started;
    }

    /** Stops the broker as in an outage; its data and port stay for {@link #restart()}. */
    public void stop() {
        process.stop();
    }

    /** Starts the stopped broker again, on the same port with the same data. */
    public void restart() {
        run();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.stop();
    }

    private static Path libs() {
        String runtime = System.getProperty(RUNTIME_PROPERTY);
        if (runtime == null) {
            throw new IllegalStateException("System property " + RUNTIME_PROPERTY + " is not set; run the tests through Maven");
        }
        Path libs = Path.of(runtime, "kafka", "libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("No Kafka broker jars in " + libs
                    + "; build them with: ./mvnw -pl bin/runtime generate-resources");
        }
        return libs;
    }

    private static String serverProperties(int port, int controllerPort, Path data) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, data);
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
