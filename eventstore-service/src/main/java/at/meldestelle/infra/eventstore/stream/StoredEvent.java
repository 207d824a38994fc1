package at.meldestelle.infra.eventstore.stream;

/** A stored event as written, with the hashes stored beside it: what a verification recomputes. */
public record StoredEvent(long version, String eventId, String type, int schemaVersion, String data, String metadata,
                          String contentHash, String chainHash) {
}
