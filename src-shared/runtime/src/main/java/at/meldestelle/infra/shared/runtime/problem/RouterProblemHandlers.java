package at.meldestelle.infra.shared.runtime.problem;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.quarkus.arc.All;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Problem+json for what fails outside REST endpoints (raw Vert.x routes, failures a
 * {@link RouterFailureMapper} knows), and for paths that no route serves.
 */
@ApplicationScoped
public class RouterProblemHandlers {

    private static final Logger LOG = Logger.getLogger(RouterProblemHandlers.class);

    private final List<RouterFailureMapper> mappers;
    private final ProblemWriter problems;

    public RouterProblemHandlers(@All List<RouterFailureMapper> mappers, ProblemWriter problems) {
        this.mappers = mappers;
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().failureHandler(this::onFailure);
        router.route().last().handler(ctx -> problems.send(ctx.response(),
                Problem.ofStatus(404, "No resource at " + ctx.request().path())));
    }

    private void onFailure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            // Answered already (a 413 while the body still came in): nothing is left to tell the client.
            LOG.debugf("Failure after the response ended: %s %s: %s", ctx.request().method(), ctx.request().path(), ctx.failure());
            return;
        }
        problems.send(ctx.response(), toProblem(ctx));
    }

    private Problem toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        for (RouterFailureMapper mapper : mappers) {
            Problem problem = mapper.toProblem(ctx, failure);
            if (problem != null) {
                return problem;
            }
        }
        if (failure instanceof ProblemException pe) {
            return pe.problem();
        }
        int status = status(ctx);
        if (status != 500) {
            return Problem.ofStatus(status, null);
        }
        if (UnavailableDependency.isCauseOf(failure)) {
            LOG.warnf("A dependency is unavailable: %s %s: %s", ctx.request().method(), ctx.request().path(), failure);
            ctx.response().putHeader("Retry-After", UnavailableDependency.RETRY_AFTER_SECONDS);
            return UnavailableDependency.problem();
        }
        LOG.error("Request failed: " + ctx.request().method() + " " + ctx.request().path(), failure);
        return Problem.ofStatus(500, "An unexpected error occurred; it has been logged.");
    }

    /** The status a handler failed with ({@code ctx.fail(413)}, an HttpException), 500 when none was given. */
    private static int status(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpException http) {
            return http.getStatusCode();
        }
        return ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    }
}
