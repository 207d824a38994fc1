package at.meldestelle.infra.auth.audit;

import at.meldestelle.infra.shared.messaging.CloudEventPublisher;
import at.meldestelle.infra.shared.messaging.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Logins (success and failure) and admin changes as CloudEvents on {@value Topics#AUTH_AUDIT}, and
 * counted ({@code auth_logins_total} by outcome). Nothing waits for the broker: a login or an admin
 * change does not fail because the audit trail is away. An event the broker does not take is
 * written to the log whole, at WARN, so that it is not lost.
 */
/* Made at start, not at the first login: its counters must be scraped as 0 before anyone logs in. */
@Startup
@ApplicationScoped
public class AuditLog {

    /** Why a login failed ({@link #loginFailed}): the {@code outcome} of {@code auth_logins_total} and the event's reason. */
    public static final String INVALID_CREDENTIALS = "invalid-credentials";
    public static final String THROTTLED = "throttled";
    public static final String CHANGED_DURING_LOGIN = "changed-during-login";

    static final String LOGIN_SUCCEEDED = "at.meldestelle.auth.LoginSucceeded";
    static final String LOGIN_FAILED = "at.meldestelle.auth.LoginFailed";
    static final String ADMIN_CHANGED = "at.meldestelle.auth.AdminChanged";
    private static final URI LOGINS = URI.create("/auth/logins");
    private static final URI ADMIN = URI.create("/auth/admin");
    /** Names are logged as given, but a pasted password or a 4 KB name should not fill the trail. */
    private static final int MAX_NAME = 256;
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final CloudEventPublisher events;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public AuditLog(@Channel("auth-audit") MutinyEmitter<String> emitter, ObjectMapper json, MeterRegistry metrics) {
        this.events = new CloudEventPublisher(emitter, json, Duration.ofSeconds(10));
        this.json = json;
        this.metrics = metrics;
        // Every outcome's series exists from the start, so that rates and alerts see 0, not nothing.
        Stream.of("success", INVALID_CREDENTIALS, THROTTLED, CHANGED_DURING_LOGIN)
                .forEach(outcome -> metrics.counter("auth.logins", "outcome", outcome));
        metrics.counter("auth.audit.unpublished");
    }

    public void loginSucceeded(String userId, String username, String clientId, String sessionId, String address,
                               String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", userId);
        payload.put("username", username);
        payload.put("clientId", clientId);
        payload.put("sid", sessionId);
        payload.put("address", address);
        metrics.counter("auth.logins", "outcome", "success").increment();
        publish(LOGIN_SUCCEEDED, LOGINS, username, payload, correlationId);
    }

    /** @param reason {@code invalid-credentials} (unknown user, disabled user or wrong password: not told apart here either) or {@code throttled} */
    public void loginFailed(String username, String clientId, String address, String reason, String correlationId) {
        String name = username.length() > MAX_NAME ? username.substring(0, MAX_NAME) : username;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("username", name);
        payload.put("clientId", clientId);
        payload.put("address", address);
        payload.put("reason", reason);
        metrics.counter("auth.logins", "outcome", reason).increment();
        publish(LOGIN_FAILED, LOGINS, name, payload, correlationId);
    }

    /**
     * @param actor     who made the change
     * @param operation what was done: create, update, delete or a verb such as disable
     * @param resource  the admin API path of what changed, e.g. {@code users/<id>/roles}; the record key
     * @param details   the change's content (never a password or a secret)
     */
    public void adminChanged(AdminActor actor, String operation, String resource, Map<String, Object> details, String correlationId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("actor", actor);
        payload.put("operation", operation);
        payload.put("resource", resource);
        payload.put("details", details);
        publish(ADMIN_CHANGED, ADMIN, resource, payload, correlationId);
    }

    private void publish(String type, URI source, String subject, Map<String, Object> payload, String correlationId) {
        events.publish(type, source, subject, payload, correlationId).subscribe().with(ignored -> { }, failure -> {
            metrics.counter("auth.audit.unpublished").increment();
            LOG.warnf("Audit event %s not published (%s): %s", type, failure.toString(), write(payload));
        });
    }

    private String write(Map<String, Object> payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (Exception e) {
            return payload.toString();
        }
    }
}
