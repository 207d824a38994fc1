package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.keys.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** The public signing keys (RFC 7517 JWK set): pending, active, and retired ones whose tokens may still be valid. */
@Path("/oauth2/jwks")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<Map<String, Object>>> jwks() {
        return Map.of("keys", keys.publicKeys());
    }
}
