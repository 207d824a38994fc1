package at.meldestelle.infra.shared.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code @PermissionsAllowed} for plain Vert.x routes (Server-Sent Events, for example): a handler
 * placed before the route's own that lets only callers through whose verified token allows the
 * operation ({@link OperationPermissions}); others get 401 or 403 as problem+json.
 */
@ApplicationScoped
public class OperationGuard {

    public Handler<RoutingContext> requires(String operation) {
        StringPermission permission = new StringPermission(operation);
        return ctx -> QuarkusHttpUser.getSecurityIdentity(ctx, null)
                .chain(caller -> caller == null || caller.isAnonymous()
                        ? Uni.createFrom().failure(new UnauthorizedException())
                        : caller.checkPermission(permission))
                .subscribe().with(
                        allowed -> {
                            if (allowed) {
                                ctx.next();
                            } else {
                                ctx.fail(new ForbiddenException());
                            }
                        },
                        ctx::fail);
    }
}
