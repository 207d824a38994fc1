package at.meldestelle.infra.shared.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Bearer tokens quarkus-oidc has verified, so that a token's signature and claims are checked on
 * its first request and not on every one: the RSA check and jose4j's parsing were most of the
 * gateway's time per request, and every service behind it checks the same token again. Envoy's
 * {@code jwt_authn} keeps such a cache for the same reason.
 * <p>
 * An identity provider ahead of quarkus-oidc's: a token it has not seen goes to
 * {@link OidcIdentityProvider} (signature, issuer, audience, {@code exp}, JWKS refresh), and only a
 * success is kept, keyed by the SHA-256 of the whole token, until the token's {@code exp} or
 * {@code meldestelle.security.verified-tokens.max-age}, whichever comes first. The security identity augmentors,
 * the revocation check among them, run after every provider, so a kept token is still checked
 * against revocations on every request.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Attributes that belong to the request that verified a token, not to the token. */
    private static final String[] REQUEST_ATTRIBUTES = {RoutingContext.class.getName(), AuthenticationRequestContext.class.getName()};

    private final OidcIdentityProvider oidc;
    private final Cache<String, SecurityIdentity> verified;

    public VerifiedTokens(OidcIdentityProvider oidc, SecurityConfig config, MeterRegistry registry) {
        this.oidc = oidc;
        Duration maxAge = config.verifiedTokens().maxAge();
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("meldestelle.security.verified-tokens.max-age must be positive; max-size 0 keeps no token");
        }
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokens().maxSize())
                .expireAfter(Expiry.creating((String key, SecurityIdentity identity) -> lifetime(identity, maxAge)))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, verified, "verified-tokens");
    }

    /** Ahead of quarkus-oidc's provider, which the identity provider manager would otherwise ask first. */
    @Override
    public int priority() {
        return oidc.priority() + 1;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        RoutingContext ctx = HttpSecurityUtils.getRoutingContextAttribute(request);
        // The tenant quarkus-oidc resolved for this request is part of the key: one token string could
        // map to other roles under another tenant. (Not the "tenant-id" attribute: a client cookie can set that.)
        OidcTenantConfig tenantConfig = ctx == null ? null : ctx.get(OidcTenantConfig.class.getName());
        String tenant = tenantConfig == null ? null : tenantConfig.tenantId().orElse(null);
        String key = tenant + ":" + sha256(request.getToken().getToken());
        SecurityIdentity known = verified.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(forRequest(known, ctx, context));
        }
        return oidc.authenticate(request, context).invoke(identity -> {
            if (identity != null && !identity.isAnonymous()) {
                verified.put(key, withoutRequest(identity));
            }
        });
    }

    private static Duration lifetime(SecurityIdentity identity, Duration maxAge) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            Duration untilExpiry = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
            // A token past its exp but within the clock-skew grace is verified again on every request.
            return untilExpiry.isNegative() ? Duration.ZERO : untilExpiry.compareTo(maxAge) < 0 ? untilExpiry : maxAge;
        }
        return maxAge;
    }

    /** The kept identity holds no request, so that a cache entry keeps no request's buffers alive. */
    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        for (String name : REQUEST_ATTRIBUTES) {
            attributes.remove(name);
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .build();
    }

    private static SecurityIdentity forRequest(SecurityIdentity known, RoutingContext ctx, AuthenticationRequestContext context) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(known)
                .addAttribute(AuthenticationRequestContext.class.getName(), context);
        if (ctx != null) {
            identity.addAttribute(RoutingContext.class.getName(), ctx);
        }
        return identity.build();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
