package at.meldestelle.infra.shared.security;

import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.Permission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides {@code @PermissionsAllowed("<operation>")} on a service's endpoints from the verified token:
 * the admin role may do everything; anyone else needs the permission that
 * {@code meldestelle.security.operations.<operation>} names in the token's {@code permissions} claim.
 * Identity headers set by the gateway play no part: a service trusts the token it verified itself.
 */
@ApplicationScoped
public class OperationPermissions implements SecurityIdentityAugmentor {

    private static final Logger LOG = Logger.getLogger(OperationPermissions.class);

    private final SecurityConfig config;
    private final Set<String> unmapped = ConcurrentHashMap.newKeySet();

    public OperationPermissions(SecurityConfig config) {
        this.config = config;
    }

    /**
     * The identity with this class as its only permission checker: quarkus-oidc turns a token's
     * {@code scope} claim into permissions of the same form, and a scope must not stand in for an
     * operation's permission.
     */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissionChecker(permission -> Uni.createFrom().item(allows(identity, permission)))
                .build());
    }

    boolean allows(SecurityIdentity caller, Permission required) {
        // "name:action" permissions are a different scheme: never read as an operation.
        if (!(required instanceof StringPermission operation)
                || operation.getActions() != null && !operation.getActions().isEmpty()) {
            return false;
        }
        if (caller.hasRole(config.adminRole())) {
            return true;
        }
        String permission = config.operations().get(operation.getName());
        if (permission == null) {
            if (unmapped.add(operation.getName())) {
                LOG.warnf("Operation %s has no permission in meldestelle.security.operations: only %s may call it",
                        operation.getName(), config.adminRole());
            }
            return false;
        }
        return CallerClaims.permissions(caller).contains(permission);
    }
}
