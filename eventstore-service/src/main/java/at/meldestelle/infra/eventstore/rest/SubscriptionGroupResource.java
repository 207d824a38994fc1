package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.eventstore.config.Operations;
import at.meldestelle.infra.eventstore.persistent.AckId;
import at.meldestelle.infra.eventstore.persistent.Delivery;
import at.meldestelle.infra.eventstore.persistent.GroupSettings;
import at.meldestelle.infra.eventstore.persistent.PersistentSubscriptions;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Persistent subscriptions: {@code /subscriptions/{group}}, its deliveries, acks, nacks and parked events. */
@Path("/subscriptions/{group}")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionGroupResource {

    private static final int MAX_IDS = 1000;
    private static final int MAX_REASON = 1000;

    private final PersistentSubscriptions subscriptions;

    public SubscriptionGroupResource(PersistentSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @PermissionsAllowed(Operations.ADMIN)
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@RestPath String group, JsonNode body) {
        GroupSettings settings = GroupSettings.parse(group, body);
        return subscriptions.create(settings).map(created -> Response.status(created ? 201 : 200).entity(settings).build());
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    public Uni<GroupSettings> settings(@RestPath String group) {
        return subscriptions.settings(GroupSettings.group(group));
    }

    @PermissionsAllowed(Operations.ADMIN)
    @DELETE
    public Uni<Response> delete(@RestPath String group) {
        return subscriptions.delete(GroupSettings.group(group)).map(done -> Response.noContent().build());
    }

    /** The next deliveries for a consumer (at most {@code max}); an empty list when there is nothing to do. */
    @PermissionsAllowed(Operations.CONSUME)
    @POST
    @Path("/read")
    public Uni<List<Delivery>> read(@RestPath String group, @RestQuery String consumer, @RestQuery String max) {
        return subscriptions.read(GroupSettings.group(group), GroupSettings.consumer(consumer), count("max", max, 10, 1000));
    }

    @PermissionsAllowed(Operations.CONSUME)
    @POST
    @Path("/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Integer>> ack(@RestPath String group, JsonNode body) {
        return subscriptions.ack(GroupSettings.group(group), ackIds(body)).map(n -> Map.of("acked", n));
    }

    /** {@code {"ackIds": [...], "action": "retry" | "park", "reason": "..."}}. */
    @PermissionsAllowed(Operations.CONSUME)
    @POST
    @Path("/nack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Integer>> nack(@RestPath String group, JsonNode body) {
        String name = GroupSettings.group(group);
        List<AckId> ids = ackIds(body);
        String action = body.path("action").asText("retry");
        if (action.equals("retry")) {
            return subscriptions.retry(name, ids).map(n -> Map.of("retried", n));
        }
        if (action.equals("park")) {
            String reason = body.path("reason").asText("parked by its consumer");
            if (reason.length() > MAX_REASON) {
                throw ProblemException.badRequest("reason may be at most " + MAX_REASON + " characters.");
            }
            return subscriptions.park(name, ids, reason).map(n -> Map.of("parked", n));
        }
        throw ProblemException.badRequest("action must be retry or park.");
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    @Path("/parked")
    public Uni<List<Delivery>> parked(@RestPath String group, @RestQuery String limit) {
        return subscriptions.parked(GroupSettings.group(group), count("limit", limit, 100, 1000));
    }

    @PermissionsAllowed(Operations.ADMIN)
    @POST
    @Path("/parked/replay")
    public Uni<Map<String, Integer>> replay(@RestPath String group) {
        return subscriptions.replay(GroupSettings.group(group)).map(n -> Map.of("replayed", n));
    }

    private List<AckId> ackIds(JsonNode body) {
        JsonNode ids = body == null ? null : body.get("ackIds");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw ProblemException.badRequest("The body is {\"ackIds\": [...]} with 1 to " + MAX_IDS + " ackIds from deliveries.");
        }
        List<AckId> parsed = new ArrayList<>(ids.size());
        ids.forEach(id -> parsed.add(AckId.parse(id.isTextual() ? id.asText() : id.toString(), subscriptions.partitions())));
        return parsed;
    }

    private static int count(String name, String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name + " must be a whole number from 1 to " + max + ".");
    }
}
