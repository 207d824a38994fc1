package at.meldestelle.infra.eventstore;

import at.meldestelle.infra.shared.clients.eventstore.AppendResult;
import at.meldestelle.infra.shared.clients.eventstore.EventStoreClient;
import at.meldestelle.infra.shared.clients.eventstore.EventStoreException;
import at.meldestelle.infra.shared.clients.eventstore.ExpectedVersion;
import at.meldestelle.infra.shared.clients.eventstore.NewEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer as a business service is one: appends one event at a time with the version it last saw,
 * through the Java client, and on a wrong expected version takes the current one and tries again.
 */
public final class ConflictingWriter {

    private ConflictingWriter() {
    }

    /** Appends {@code count} events; answers their eventIds. */
    public static List<String> write(EventStoreClient client, String stream, int count) {
        List<String> ids = new ArrayList<>();
        long expected = 0;
        while (ids.size() < count) {
            NewEvent event = NewEvent.of("Entered", JsonNodeFactory.instance.objectNode().put("n", ids.size()));
            try {
                AppendResult result = client.append(stream, ExpectedVersion.exactly(expected), List.of(event))
                        .await().atMost(Duration.ofSeconds(30));
                ids.add(event.eventId());
                expected = result.lastVersion();
            } catch (EventStoreException e) {
                if (!e.isWrongExpectedVersion()) {
                    throw e;
                }
                expected = e.currentVersion();
            }
        }
        return ids;
    }
}
