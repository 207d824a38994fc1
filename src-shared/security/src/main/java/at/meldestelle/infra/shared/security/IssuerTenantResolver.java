package at.meldestelle.infra.shared.security;

import io.quarkus.oidc.TenantResolver;
import io.quarkus.oidc.common.runtime.OidcCommonUtils;
import io.quarkus.oidc.runtime.OidcUtils;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Picks the issuer that verifies a bearer token by the token's own {@code iss}: the Keycloak realm
 * (tenant {@value #KEYCLOAK}) when it is enabled and named, auth-service (the default tenant)
 * otherwise. Always a tenant, never none: quarkus-oidc would then fall back to taking a path
 * segment equal to a tenant's name, so a request for {@code /caches/keycloak/...} would be verified
 * by Keycloak. The {@code iss} read here is unverified; the chosen tenant verifies everything.
 */
@ApplicationScoped
public class IssuerTenantResolver implements TenantResolver {

    static final String KEYCLOAK = "keycloak";
    private static final String BEARER = "Bearer ";

    private final Optional<String> keycloakIssuer;

    public IssuerTenantResolver(@ConfigProperty(name = "quarkus.oidc.keycloak.tenant-enabled", defaultValue = "false") boolean keycloak,
                                @ConfigProperty(name = "quarkus.oidc.keycloak.auth-server-url") Optional<String> keycloakRealm) {
        this.keycloakIssuer = keycloak ? keycloakRealm.map(url -> url.replaceAll("/+$", "")) : Optional.empty();
    }

    @Override
    public String resolve(RoutingContext context) {
        if (keycloakIssuer.isPresent() && keycloakIssuer.get().equals(issuerOf(context.request().getHeader("Authorization")))) {
            return KEYCLOAK;
        }
        return OidcUtils.DEFAULT_TENANT_ID;
    }

    private static String issuerOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        try {
            JsonObject claims = OidcCommonUtils.decodeJwtContent(authorization.substring(BEARER.length()).trim());
            return claims == null || !(claims.getValue("iss") instanceof String iss) ? null : iss;
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
