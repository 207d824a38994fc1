package at.meldestelle.infra.auth.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Client id and secret, from HTTP Basic (RFC 6749 section 2.3.1, form-encoded parts) or from form fields. */
public record ClientCredentials(String clientId, String secret) {

    /**
     * Empty form fields count as absent (RFC 6749 section 3.2). With HTTP Basic, a {@code client_id}
     * field may repeat the same id (section 3.2.1), but a second secret is refused (section 2.3).
     */
    public static ClientCredentials from(String authorization, String formClientId, String formSecret) {
        String clientId = isBlank(formClientId) ? null : formClientId;
        String secret = isBlank(formSecret) ? null : formSecret;
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            if (secret != null) {
                throw OAuthError.invalidRequest("Authenticate the client by HTTP Basic or by form fields, not both.");
            }
            ClientCredentials credentials = fromBasic(authorization.substring(6).trim());
            if (clientId != null && !clientId.equals(credentials.clientId())) {
                throw OAuthError.invalidRequest("client_id differs from the client authenticated by HTTP Basic.");
            }
            return credentials;
        }
        if (clientId == null || secret == null) {
            throw OAuthError.invalidClient();
        }
        return new ClientCredentials(clientId, secret);
    }

    private static ClientCredentials fromBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient();
        }
        return new ClientCredentials(formDecode(decoded.substring(0, colon)), formDecode(decoded.substring(colon + 1)));
    }

    private static String formDecode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
