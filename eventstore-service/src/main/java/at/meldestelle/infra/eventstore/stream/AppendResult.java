package at.meldestelle.infra.eventstore.stream;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Versions of the first and last event of an append (or of the original append it repeated). */
@RegisterForReflection
public record AppendResult(long firstVersion, long lastVersion) {
}
