package at.meldestelle.infra.gateway.revocation;

import at.meldestelle.infra.shared.messaging.IncomingEvent;
import at.meldestelle.infra.shared.messaging.PoisonEventException;
import at.meldestelle.infra.shared.messaging.RevocationEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens, sessions and users auth-service has revoked (topic {@code auth.revocations}), each
 * until the last token it concerns would have expired anyway (its {@code expiresAt} plus the clock
 * skew the gateway allows tokens). In memory: every gateway instance
 * reads the whole topic into its own list ({@link RevocationConsumer}), so that a check costs a map
 * lookup and no round trip.
 */
@ApplicationScoped
public class RevocationList {

    private static final Logger LOG = Logger.getLogger(RevocationList.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    /** A user's tokens issued up to {@code disabledAt} are refused until {@code until}. */
    private record DisabledUser(Instant disabledAt, Instant until) {
    }

    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration grace;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, DisabledUser> users = new ConcurrentHashMap<>();
    private long timer = -1;

    /**
     * @param graceSeconds how long after its {@code exp} quarkus-oidc still accepts a token (clock
     *                     skew): a revocation is kept that much longer than the tokens it concerns
     */
    public RevocationList(ObjectMapper json, Vertx vertx,
                          @ConfigProperty(name = "quarkus.oidc.token.lifespan-grace", defaultValue = "0") int graceSeconds) {
        this.json = json;
        this.vertx = vertx;
        this.grace = Duration.ofSeconds(graceSeconds);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep(Instant.now()));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /**
     * Whether a token with these claims is revoked: itself ({@code jti}), its session ({@code sid}),
     * or its user since before it was issued ({@code sub}, {@code iat}). Null claims match nothing.
     */
    public boolean revoked(String jti, String sid, String sub, Instant issuedAt) {
        Instant now = Instant.now();
        if (jti != null && active(tokens.get(jti), now) || sid != null && active(sessions.get(sid), now)) {
            return true;
        }
        DisabledUser user = sub == null ? null : users.get(sub);
        return user != null && active(user.until(), now) && issuedAt != null && !issuedAt.isAfter(user.disabledAt());
    }

    /** Adds what the event revokes; an event of a type this gateway does not know is skipped. */
    public void apply(IncomingEvent event) {
        JsonNode data = parse(event);
        Instant until = instant(data, "expiresAt", event).plus(grace);
        switch (event.type()) {
            case RevocationEvents.TOKEN_REVOKED -> tokens.merge(text(data, "jti", event), until, RevocationList::later);
            case RevocationEvents.SESSION_REVOKED -> sessions.merge(text(data, "sid", event), until, RevocationList::later);
            case RevocationEvents.USER_DISABLED -> users.merge(text(data, "sub", event), new DisabledUser(instant(data, "disabledAt", event), until),
                    (known, added) -> added.disabledAt().isAfter(known.disabledAt()) ? added : known);
            default -> LOG.debugf("Skipping event %s of type %s: not a revocation this gateway knows", event.id(), event.type());
        }
    }

    /** Forgets what has expired: a revoked token is refused by its {@code exp} from then on anyway. */
    void sweep(Instant now) {
        tokens.values().removeIf(until -> !active(until, now));
        sessions.values().removeIf(until -> !active(until, now));
        users.values().removeIf(user -> !active(user.until(), now));
    }

    private JsonNode parse(IncomingEvent event) {
        try {
            JsonNode data = json.readTree(event.data());
            if (data == null || !data.isObject()) {
                throw new PoisonEventException("The payload of " + event.type() + " " + event.id() + " is not a JSON object");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("The payload of " + event.type() + " " + event.id() + " is not JSON", e);
        }
    }

    private static String text(JsonNode data, String field, IncomingEvent event) {
        JsonNode value = data.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no " + field);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode data, String field, IncomingEvent event) {
        try {
            return Instant.parse(text(data, field, event));
        } catch (DateTimeParseException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no valid " + field, e);
        }
    }

    private static boolean active(Instant until, Instant now) {
        return until != null && until.isAfter(now);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
