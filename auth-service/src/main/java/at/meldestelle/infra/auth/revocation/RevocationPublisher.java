package at.meldestelle.infra.auth.revocation;

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
 * Tells the platform (the gateway first) on {@value Topics#AUTH_REVOCATIONS} that a token stopped
 * working, as a CloudEvent keyed by the token's {@code jti}.
 */
@ApplicationScoped
public class RevocationPublisher {

    static final String TOKEN_REVOKED = "at.meldestelle.auth.TokenRevoked";
    private static final URI SOURCE = URI.create("/auth/tokens");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public RevocationPublisher(@Channel("auth-revocations") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Completes once the broker has the record; fails after {@code ACK_TIMEOUT} without it. */
    public Uni<Void> tokenRevoked(RevokedToken token, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("jti", token.jti());
        payload.put("sub", token.subject());
        payload.put("clientId", token.clientId());
        payload.put("expiresAt", token.expiresAt().toString());
        Message<String> message = Message.of(write(payload))
                .addMetadata(CloudEvents.outgoing(UUID.randomUUID().toString(), TOKEN_REVOKED, SOURCE, token.jti(),
                        Instant.now(), correlationId))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(token.jti()).build());
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
