package at.meldestelle.infra.shared.clients.eventstore;

/** The versions an append gave its first and last event. */
public record AppendResult(long firstVersion, long lastVersion) {
}
