package at.meldestelle.infra.auth.rest;

import at.meldestelle.infra.auth.config.AuthConfig;
import at.meldestelle.infra.auth.grant.GrantHandler;
import at.meldestelle.infra.auth.keys.KeyAlgorithm;
import io.quarkus.arc.All;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenID Connect discovery, so that any OIDC client (quarkus-oidc in the gateway) finds keys and endpoints. */
@Path("/.well-known/openid-configuration")
public class DiscoveryResource {

    private final Map<String, Object> document;

    public DiscoveryResource(AuthConfig config, @All List<GrantHandler> grants) {
        String issuer = config.issuerUrl();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("token_endpoint", issuer + "/oauth2/token");
        doc.put("jwks_uri", issuer + "/oauth2/jwks");
        doc.put("introspection_endpoint", issuer + "/oauth2/introspect");
        doc.put("revocation_endpoint", issuer + "/oauth2/revoke");
        doc.put("userinfo_endpoint", issuer + "/oauth2/userinfo");
        doc.put("grant_types_supported", grants.stream().map(GrantHandler::grantType).sorted().toList());
        List<String> clientAuthentication = List.of("client_secret_basic", "client_secret_post");
        doc.put("token_endpoint_auth_methods_supported", clientAuthentication);
        doc.put("introspection_endpoint_auth_methods_supported", clientAuthentication);
        doc.put("revocation_endpoint_auth_methods_supported", clientAuthentication);
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", Arrays.stream(KeyAlgorithm.values()).map(Enum::name).toList());
        doc.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id",
                "preferred_username", "roles", "permissions", "sid"));
        this.document = Map.copyOf(doc);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> discovery() {
        return document;
    }
}
