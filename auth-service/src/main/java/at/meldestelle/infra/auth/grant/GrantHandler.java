package at.meldestelle.infra.auth.grant;

import at.meldestelle.infra.auth.token.OAuthRequest;
import at.meldestelle.infra.auth.token.TokenResponse;
import io.smallrye.mutiny.Uni;

/**
 * One grant type of the token endpoint (RFC 6749 section 4). Implementations are CDI beans; the
 * endpoint dispatches on {@link #grantType()} and discovery lists every one registered.
 */
public interface GrantHandler {

    /** The {@code grant_type} value this handler serves. */
    String grantType();

    /** A token response, or a failed Uni with an {@link at.meldestelle.infra.auth.token.OAuthError}. */
    Uni<TokenResponse> handle(OAuthRequest request);
}
