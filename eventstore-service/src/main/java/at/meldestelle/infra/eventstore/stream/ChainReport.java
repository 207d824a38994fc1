package at.meldestelle.infra.eventstore.stream;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of verifying a stream's hash chain from its oldest kept event to its head.
 *
 * @param brokenVersion the first version whose stored content or chain hash does not match, or the
 *                      version after the last event when the head does not match (events were removed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainReport(String stream, boolean intact, long eventsChecked, Long firstVersion, Long lastVersion,
                          Long brokenVersion, String reason) {
}
