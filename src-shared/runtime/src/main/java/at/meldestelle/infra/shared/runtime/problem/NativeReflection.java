package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import at.meldestelle.infra.shared.api.problem.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the api module's types that Jackson writes outside REST return types (problems from
 * filters and router handlers, envelopes on Kafka) for a native executable; the api module itself
 * carries no Quarkus annotation.
 */
@RegisterForReflection(targets = {Problem.class, EventEnvelope.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
