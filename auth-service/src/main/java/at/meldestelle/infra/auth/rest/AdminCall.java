package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.admin.AdminAuthorization;
import at.meldestelle.infra.auth.audit.AdminActor;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.util.function.Function;

/** What every admin endpoint does around its work: the caller must hold role ADMIN; problems answer as problem+json. */
final class AdminCall {

    private AdminCall() {
    }

    static Uni<Response> run(AdminAuthorization admins, String authorization, Function<AdminActor, Uni<Response>> action) {
        return admins.authorize(authorization)
                .flatMap(actor -> action.apply(actor))
                .onFailure(ProblemException.class).recoverWithItem(e -> BearerErrors.response((ProblemException) e));
    }

    static Response ok(Object entity) {
        return Response.ok(entity).header("Cache-Control", "no-store").build();
    }
}
