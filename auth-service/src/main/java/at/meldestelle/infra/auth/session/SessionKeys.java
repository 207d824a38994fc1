package at.meldestelle.infra.auth.session;

/** Redis keys of a session; the hash tag keeps a session, its refresh tokens and its revocation in one cluster slot. */
public final class SessionKeys {

    private SessionKeys() {
    }

    static String session(String sessionId) {
        return "auth:session:{" + sessionId + "}";
    }

    static String refreshToken(RefreshToken token) {
        return "auth:refresh:{" + token.sessionId() + "}:" + token.digest();
    }

    /** A user's session ids by expiry (not in the sessions' slots: a user's sessions spread over the cluster). */
    static String ofUser(String userId) {
        return "auth:user-sessions:" + userId;
    }

    /** Set when a session ended early: its access tokens are revoked until the last one would have expired. */
    public static String revoked(String sessionId) {
        return "auth:revoked-session:{" + sessionId + "}";
    }
}
