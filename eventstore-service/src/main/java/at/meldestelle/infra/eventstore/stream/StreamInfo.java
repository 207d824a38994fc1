package at.meldestelle.infra.eventstore.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code GET /streams/{stream}} answers: the last version ever appended, the metadata, soft deletion. */
@RegisterForReflection
public record StreamInfo(long version, JsonNode metadata, boolean deleted) {
}
