package at.meldestelle.infra.eventstore.stream;

/**
 * An event as a client proposes it, before it has a version: data and metadata already written as
 * JSON text, and the SHA-256 of its canonical content (an eventId resent with other content is a conflict).
 */
public record NewEvent(String eventId, String type, int schemaVersion, String data, String metadata, String contentHash) {
}
