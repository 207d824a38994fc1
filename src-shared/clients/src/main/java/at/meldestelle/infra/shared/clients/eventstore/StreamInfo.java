package at.meldestelle.infra.shared.clients.eventstore;

import com.fasterxml.jackson.databind.JsonNode;

/** A stream's version (events ever appended), its metadata, and whether it is soft-deleted. */
public record StreamInfo(long version, JsonNode metadata, boolean deleted) {
}
