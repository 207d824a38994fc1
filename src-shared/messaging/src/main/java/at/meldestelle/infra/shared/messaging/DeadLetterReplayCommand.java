package at.meldestelle.infra.shared.messaging;

import org.apache.kafka.common.KafkaException;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code bin/replay-dead-letters <topic>.dlq}: replays a topic's dead letters to it (after the cause
 * of their failure is fixed). Arguments: the bootstrap servers and the dead-letter topic; exit
 * status 0 when every dead letter present at the start is back on its topic.
 */
public final class DeadLetterReplayCommand {

    private DeadLetterReplayCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DeadLetterReplayCommand <bootstrap-servers> <topic>.dlq");
            System.exit(2);
        }
        try {
            DeadLetterReplay.Result result = DeadLetterReplay.replay(args[0], args[1], Duration.ofMinutes(10));
            System.out.printf("Replayed %d dead letters from %s to %s%n", result.replayed(), result.from(), result.to());
        } catch (IllegalArgumentException | IllegalStateException | TimeoutException | KafkaException e) {
            System.err.println(e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause());
            System.exit(1);
        }
    }
}
