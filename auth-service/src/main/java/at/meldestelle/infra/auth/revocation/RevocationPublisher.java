package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.messaging.CloudEventPublisher;
import at.meldestelle.infra.shared.messaging.RevocationEvents;
import at.meldestelle.infra.shared.messaging.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the platform (the gateway first) on {@value Topics#AUTH_REVOCATIONS} that a token, a whole
 * session or every token of a user stopped working, as a CloudEvent keyed by the token's {@code jti},
 * the session's {@code sid} or the user's {@code sub}.
 */
@ApplicationScoped
public class RevocationPublisher {

    private static final URI TOKENS = URI.create("/auth/tokens");
    private static final URI SESSIONS = URI.create("/auth/sessions");
    private static final URI USERS = URI.create("/auth/users");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final CloudEventPublisher events;
    private final Duration acceptance;

    public RevocationPublisher(@Channel("auth-revocations") MutinyEmitter<String> emitter, ObjectMapper json, AuthConfig config) {
        this.events = new CloudEventPublisher(emitter, json, ACK_TIMEOUT);
        this.acceptance = config.accessTokenAcceptance();
    }

    /** Completes once the broker has the record; fails after {@code ACK_TIMEOUT} without it. */
    public Uni<Void> tokenRevoked(RevokedToken token, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("jti", token.jti());
        payload.put("sub", token.subject());
        payload.put("clientId", token.clientId());
        payload.put("expiresAt", token.expiresAt().toString());
        return events.publish(RevocationEvents.TOKEN_REVOKED, TOKENS, token.jti(), payload, correlationId);
    }

    /**
     * Every token of the session: the gateway refuses access tokens whose {@code sid} it names, until
     * {@code expiresAt} (when the last of them would have expired).
     */
    public Uni<Void> sessionRevoked(String sessionId, String reason, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sid", sessionId);
        payload.put("reason", reason);
        payload.put("expiresAt", Instant.now().plus(acceptance).toString());
        return events.publish(RevocationEvents.SESSION_REVOKED, SESSIONS, sessionId, payload, correlationId);
    }

    /**
     * Every token issued to the user up to {@code disabledAt}: the gateway refuses access tokens with
     * this {@code sub} and an {@code iat} not after it, until {@code expiresAt}.
     */
    public Uni<Void> userDisabled(String userId, Instant disabledAt, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", userId);
        payload.put("disabledAt", disabledAt.toString());
        payload.put("expiresAt", disabledAt.plus(acceptance).toString());
        return events.publish(RevocationEvents.USER_DISABLED, USERS, userId, payload, correlationId);
    }
}
