package at.meldestelle.infra.eventstore.stream;

import java.util.List;
import java.util.OptionalLong;

/** A page of stored events with their hashes, and the version the next page starts at when it was cut. */
public record StoredPage(List<StoredEvent> events, OptionalLong next) {
}
