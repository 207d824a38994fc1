package at.meldestelle.infra.shared.messaging;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the dead letters of a topic back to it, once each: the records {@code <topic>.dlq} holds when
 * the replay starts, with their key, payload and headers (the {@code dead-letter-*} ones dropped, a
 * {@code replayed-from} added). Progress is the committed offset of the consumer group
 * {@code <topic>.dlq.replay}, committed only after the topic has acknowledged the records: a replay
 * that dies is run again and resumes, sending at most the last unacknowledged batch twice (the
 * idempotent consumers absorb that).
 * <p>
 * Plain Kafka clients, not a SmallRye channel: it is a one-off batch with a definite end (the end
 * offsets at its start), run from the command line ({@link DeadLetterReplayCommand}). Run one replay
 * of a topic at a time: two at once would both send what neither has committed yet.
 * <p>
 * The records go back to the topic, so every consumer group of the topic sees them again, not only
 * the one that failed: groups that deduplicate skip what they handled; others must tolerate the
 * repetition, and an old record replayed after newer ones of its key arrives out of order.
 */
public final class DeadLetterReplay {

    public static final String REPLAYED_FROM = "replayed-from";
    /** How long a broker may take to answer where the dead letters are, before the replay gives up. */
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);

    public record Result(String from, String to, long replayed) {
    }

    private DeadLetterReplay() {
    }

    /**
     * @param deadLetterTopic {@code <topic>.dlq}
     * @param timeout         the whole replay's limit; what was sent and acknowledged by then stays replayed
     */
    public static Result replay(String bootstrapServers, String deadLetterTopic, Duration timeout)
            throws InterruptedException, TimeoutException {
        if (!deadLetterTopic.endsWith(DeadLetters.SUFFIX) || deadLetterTopic.length() == DeadLetters.SUFFIX.length()) {
            throw new IllegalArgumentException("Not a dead-letter topic (<topic>" + DeadLetters.SUFFIX + "): " + deadLetterTopic);
        }
        String topic = deadLetterTopic.substring(0, deadLetterTopic.length() - DeadLetters.SUFFIX.length());
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration brokerTimeout = timeout.compareTo(BROKER_TIMEOUT) < 0 ? timeout : BROKER_TIMEOUT;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers, deadLetterTopic));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, brokerTimeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("There is no topic " + deadLetterTopic + " (nothing has been dead-lettered from "
                        + topic + ", or the name is mistyped)");
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, brokerTimeout);
            long replayed = 0;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Replayed " + replayed + " dead letters of " + deadLetterTopic
                            + ", then ran out of time; run it again to go on");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                List<Future<?>> sent = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;   // arrived after the replay began: the next replay's
                    }
                    sent.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), replayHeaders(record))));
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
                for (Future<?> acknowledgement : sent) {
                    awaitAcknowledgement(acknowledgement, deadline);
                }
                replayed += sent.size();
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
            return new Result(deadLetterTopic, topic, replayed);
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    private static RecordHeaders replayHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DeadLetters.HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, (record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static void awaitAcknowledgement(Future<?> acknowledgement, long deadline)
            throws InterruptedException, TimeoutException {
        try {
            acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The topic did not take a replayed record; nothing after the last commit counts as replayed",
                    e.getCause());
        }
    }

    private static Map<String, Object> consumerConfig(String bootstrapServers, String deadLetterTopic) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, deadLetterTopic + ".replay",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }
}
