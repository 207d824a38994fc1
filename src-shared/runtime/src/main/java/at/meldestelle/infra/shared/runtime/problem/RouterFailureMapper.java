package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import io.vertx.ext.web.RoutingContext;

/**
 * Extension point: a service turns router failures of a kind it knows (the gateway: failed
 * authentication) into problems. Every CDI bean of this type is asked, in turn, before the generic
 * handling of {@link RouterProblemHandlers}.
 */
public interface RouterFailureMapper {

    /** The problem for {@code failure}, or null when it is not of this mapper's kind. May set response headers. */
    Problem toProblem(RoutingContext ctx, Throwable failure);
}
