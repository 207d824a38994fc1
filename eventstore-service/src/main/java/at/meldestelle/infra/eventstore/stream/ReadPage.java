package at.meldestelle.infra.eventstore.stream;

import at.meldestelle.infra.shared.api.event.EventEnvelope;

import java.util.List;
import java.util.OptionalLong;

/** A page of a stream's events and, when the page was cut short by count or bytes, where the next one starts. */
public record ReadPage(List<EventEnvelope> events, OptionalLong next) {
}
