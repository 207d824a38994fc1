package at.meldestelle.infra.eventstore.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** The state of a stream's aggregate as of {@code version}, stored by its owner to shorten replays. */
@RegisterForReflection
public record Snapshot(long version, JsonNode data, Instant recordedAt) {
}
