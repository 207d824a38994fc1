package at.meldestelle.infra.shared.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The harness itself: the servers it starts answer like the real thing, because they are. */
class RealServersTest {

    @Test
    void redisServerAnswersOnItsPortAndStops() throws Exception {
        int port;
        try (RedisServer redis = RedisServer.start()) {
            port = redis.port();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("+OK", in.readLine());
                assertEquals("$1", in.readLine());
                assertEquals("v", in.readLine());
            }
        }
        assertEquals(false, FreePorts.listening(port), "redis-server must be stopped by close()");
    }

    @Test
    void kafkaBrokerStoresAndDeliversRecords() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            Map<String, Object> producerConfig = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
                producer.send(new ProducerRecord<>("harness.check", "key-1", "hello")).get();
            }
            List<ConsumerRecord<String, String>> received = TopicReader.read(kafka.bootstrapServers(), "harness.check",
                    record -> true, records -> !records.isEmpty(), Duration.ofSeconds(60));
            assertEquals(1, received.size());
            assertEquals("key-1", received.get(0).key());
            assertEquals("hello", received.get(0).value());
        }
    }
}
