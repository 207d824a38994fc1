package at.meldestelle.infra.auth.token;

/** The {@code token} form field of introspection and revocation requests (RFC 7662, RFC 7009). */
public final class TokenParameter {

    private TokenParameter() {
    }

    public static String of(OAuthRequest request) {
        String token = request.form().get("token");
        if (token == null || token.isBlank()) {
            throw OAuthError.invalidRequest("The form field token is missing.");
        }
        return token;
    }
}
