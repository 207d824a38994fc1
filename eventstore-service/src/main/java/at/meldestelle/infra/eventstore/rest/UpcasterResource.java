package at.meldestelle.infra.eventstore.rest;

import at.meldestelle.infra.eventstore.config.Operations;
import at.meldestelle.infra.eventstore.upcast.UpcastStep;
import at.meldestelle.infra.eventstore.upcast.Upcasters;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** Admin API of the upcasting steps: {@code PUT /upcasters/{type}/{fromVersion}} with a JSON Patch document. */
@Path("/upcasters")
@Produces(MediaType.APPLICATION_JSON)
public class UpcasterResource {

    private final Upcasters upcasters;

    public UpcasterResource(Upcasters upcasters) {
        this.upcasters = upcasters;
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    public List<UpcastStep> list() {
        return upcasters.list();
    }

    @PermissionsAllowed(Operations.ADMIN)
    @PUT
    @Path("/{type}/{fromVersion}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@RestPath String type, @RestPath String fromVersion, JsonNode patch) {
        UpcastStep step = UpcastStep.of(type, fromVersion, patch);
        return upcasters.register(step).map(done -> Response.noContent().build());
    }

    @PermissionsAllowed(Operations.ADMIN)
    @DELETE
    @Path("/{type}/{fromVersion}")
    public Uni<Response> remove(@RestPath String type, @RestPath String fromVersion) {
        return upcasters.remove(UpcastStep.type(type), UpcastStep.fromVersion(fromVersion)).map(removed -> {
            if (!removed) {
                throw new ProblemException(Problem.ofStatus(404, "No upcasting step of " + type + " from version " + fromVersion
                        + " was registered over this API."));
            }
            return Response.noContent().build();
        });
    }
}
