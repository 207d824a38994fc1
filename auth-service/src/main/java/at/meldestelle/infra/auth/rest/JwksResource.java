package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.keys.SigningKeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The public signing keys (RFC 7517 JWK set) that resource servers verify tokens with. */
@Path("/oauth2/jwks")
public class JwksResource {

    private final SigningKeyStore keys;

    public JwksResource(SigningKeyStore keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> jwks() {
        return keys.activeKey().map(key -> Map.of("keys", List.of(key.publicJwk())));
    }
}
