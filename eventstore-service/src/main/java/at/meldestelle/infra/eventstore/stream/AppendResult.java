package at.meldestelle.infra.eventstore.stream;

/** Versions of the first and last event of an append (or of the original append it repeated). */
public record AppendResult(long firstVersion, long lastVersion) {
}
