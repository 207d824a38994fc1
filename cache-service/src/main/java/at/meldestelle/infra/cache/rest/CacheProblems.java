package at.meldestelle.infra.cache.rest;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.cache.CacheUnavailableException;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.UnknownCacheException;
import at.meldestelle.infra.shared.cache.ValueTooLargeException;
import at.meldestelle.infra.shared.runtime.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The cache library's failures as problem+json: bad input 400, too large 413, unknown cache 404, Redis away 503. */
public class CacheProblems {

    private static final Logger LOG = Logger.getLogger(CacheProblems.class);

    @ServerExceptionMapper
    public Response invalid(InvalidCacheRequestException e) {
        return ProblemResponses.of(Problem.ofStatus(400, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tooLarge(ValueTooLargeException e) {
        return ProblemResponses.of(Problem.ofStatus(413, e.getMessage()).with("limit", e.limit()));
    }

    @ServerExceptionMapper
    public Response unknown(UnknownCacheException e) {
        return ProblemResponses.of(Problem.ofStatus(404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(CacheUnavailableException e) {
        LOG.warnf("Cache request failed: %s", e.getMessage());
        return Response.fromResponse(ProblemResponses.of(Problem.ofStatus(503,
                        e.getMessage() + ". A write may or may not have been made; retrying it is safe.")))
                .header("Retry-After", "1").build();
    }
}
