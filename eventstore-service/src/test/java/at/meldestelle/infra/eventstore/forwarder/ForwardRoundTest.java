package at.meldestelle.infra.eventstore.forwarder;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ordering rules of one forwarding round, with a scripted broker: which sends fail, and how.
 * ForwarderFailureTest and KafkaOutageTest run the same code against a real Kafka.
 */
class ForwardRoundTest {

    /** The broker's answers, per entry id: a queue of outcomes (null = acknowledged). */
    private final Map<String, List<RuntimeException>> answers = new HashMap<>();
    private final List<String> sent = new ArrayList<>();

    private static OutboxEntry entry(String id, String stream) {
        return new OutboxEntry(id, Map.of("s", stream, "v", id));
    }

    private void answer(String id, RuntimeException... outcomes) {
        answers.put(id, new ArrayList<>(List.of(outcomes)));
    }

    private ForwardRound.Settlement run(OutboxEntry... batch) {
        ForwardRound round = new ForwardRound(OutboxEntry::stream, entry -> {
            sent.add(entry.id());
            List<RuntimeException> queue = answers.getOrDefault(entry.id(), new ArrayList<>());
            RuntimeException outcome = queue.isEmpty() ? null : queue.remove(0);
            return outcome == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(outcome);
        });
        return round.run(List.of(batch)).await().indefinitely();
    }

    @Test
    void allAcknowledgedAllSettled() {
        ForwardRound.Settlement settlement = run(entry("1", "a"), entry("2", "b"), entry("3", "a"));
        assertEquals(List.of("1", "2", "3"), settlement.published());
        assertFalse(settlement.stalled());
        assertEquals(List.of("1", "2", "3"), sent);
    }

    @Test
    void aRefusedEventIsParkedAndTheRestOfItsStreamSettledWithoutResending() {
        answer("2", new RecordTooLargeException("too big"), new RecordTooLargeException("too big"));
        ForwardRound.Settlement settlement = run(entry("1", "a"), entry("2", "a"), entry("3", "a"), entry("4", "b"));
        assertEquals(List.of("1", "4", "3"), settlement.published());
        assertEquals(Map.of("2", "RecordTooLargeException: too big"), settlement.refused());
        assertFalse(settlement.stalled());
        assertEquals(List.of("1", "2", "3", "4", "2"), sent, "3 reached Kafka after 2 was refused: not sent again");
    }

    @Test
    void aPassingFailureStopsItsStreamButNotTheOthers() {
        answer("2", new TimeoutException("broker away"), new TimeoutException("still away"));
        ForwardRound.Settlement settlement = run(entry("1", "a"), entry("2", "a"), entry("3", "a"), entry("4", "b"));
        assertEquals(List.of("1", "4"), settlement.published(), "3 waits for 2: nothing of a after the failure settles");
        assertTrue(settlement.refused().isEmpty());
        assertTrue(settlement.stalled());
    }

    @Test
    void aLaterEventThatOvertookAFailedOneIsSentAgainAfterIt() {
        answer("2", new TimeoutException("once"));
        ForwardRound.Settlement settlement = run(entry("1", "a"), entry("2", "a"), entry("3", "a"));
        assertEquals(List.of("1", "2", "3"), settlement.published());
        assertEquals(List.of("1", "2", "3", "2", "3"), sent, "on Kafka the last copy of 3 follows 2");
        assertFalse(settlement.stalled());
    }

    @Test
    void aPassingFailureEndsTheRoundForEveryStream() {
        answer("1", new TimeoutException("broker away"), new TimeoutException("still away"));
        answer("2", new TimeoutException("broker away"));
        ForwardRound.Settlement settlement = run(entry("1", "a"), entry("2", "b"));
        assertTrue(settlement.published().isEmpty());
        assertTrue(settlement.stalled());
        assertEquals(List.of("1", "2", "1"), sent, "b is not tried one by one after a timed out: the round ends");
    }

    @Test
    void anEntryThatCannotBeMadeIntoARecordIsParked() {
        ForwardRound round = new ForwardRound(OutboxEntry::stream, entry -> {
            if (entry.id().equals("1")) {
                throw new NumberFormatException("version: null");
            }
            return Uni.createFrom().voidItem();
        });
        ForwardRound.Settlement settlement = round.run(List.of(entry("1", "a"), entry("2", "a"))).await().indefinitely();
        assertEquals(List.of("2"), settlement.published());
        assertTrue(settlement.refused().get("1").contains("version: null"), settlement.refused().toString());
    }

    @Test
    void emptyEntriesAreSettledWithoutSending() {
        ForwardRound.Settlement settlement = run(new OutboxEntry("9", Map.of()));
        assertEquals(List.of("9"), settlement.published());
        assertTrue(sent.isEmpty());
    }
}
