package at.meldestelle.infra.auth.revocation;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.shared.messaging.CloudEvents;
import at.meldestelle.infra.shared.messaging.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the platform (the gateway first) on {@value Topics#AUTH_REVOCATIONS} that a token or a whole
 * session stopped working, as a CloudEvent keyed by the token's {@code jti} or the session's {@code sid}.
 */
@ApplicationScoped
public class RevocationPublisher {

    static final String TOKEN_REVOKED = "at.meldestelle.auth.TokenRevoked";
    static final String SESSION_REVOKED = "at.meldestelle.auth.SessionRevoked";
    private static final URI TOKENS = URI.create("/auth/tokens");
    private static final URI SESSIONS = URI.create("/auth/sessions");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final Duration sessionRevocation;

    public RevocationPublisher(@Channel("auth-revocations") MutinyEmitter<String> emitter, ObjectMapper json, AuthConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.sessionRevocation = config.accessTokenAcceptance();
    }

    /** Completes once the broker has the record; fails after {@code ACK_TIMEOUT} without it. */
    public Uni<Void> tokenRevoked(RevokedToken token, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("jti", token.jti());
        payload.put("sub", token.subject());
        payload.put("clientId", token.clientId());
        payload.put("expiresAt", token.expiresAt().toString());
        return publish(TOKEN_REVOKED, TOKENS, token.jti(), payload, correlationId);
    }

    /**
     * Every token of the session: the gateway refuses access tokens whose {@code sid} it names, until
     * {@code expiresAt} (when the last of them would have expired).
     */
    public Uni<Void> sessionRevoked(String sessionId, String reason, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sid", sessionId);
        payload.put("reason", reason);
        payload.put("expiresAt", Instant.now().plus(sessionRevocation).toString());
        return publish(SESSION_REVOKED, SESSIONS, sessionId, payload, correlationId);
    }

    private Uni<Void> publish(String type, URI source, String subject, Map<String, Object> payload, String correlationId) {
        Message<String> message = Message.of(write(payload))
                .addMetadata(CloudEvents.outgoing(UUID.randomUUID().toString(), type, source, subject, Instant.now(), correlationId))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(subject).build());
        return emitter.sendMessage(message).ifNoItem().after(ACK_TIMEOUT).fail();
    }

    private String write(Map<String, Object> payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A revocation could not be written as JSON", e);
        }
    }
}
