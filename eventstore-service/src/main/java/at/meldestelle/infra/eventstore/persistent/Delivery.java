package at.meldestelle.infra.eventstore.persistent;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An event handed to a consumer, to be acked or nacked by its ackId; a parked one carries its reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String ackId, Integer deliveries, String reason, EventEnvelope event) {
}
