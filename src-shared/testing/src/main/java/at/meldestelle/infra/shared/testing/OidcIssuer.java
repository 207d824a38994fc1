package at.meldestelle.infra.shared.testing;

import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An OpenID provider over real HTTP for tests: discovery and JWKS, plus tokens signed with its key
 * as auth-service signs them. Plain Java, for tests that start services as processes; Quarkus tests
 * take it as the test resource {@link TestIssuer}. The whole path with the real auth-service is
 * covered by e2e-tests.
 */
public class OidcIssuer {

    public static final String AUDIENCE = "meldestelle-api";
    private static volatile RsaJsonWebKey key;
    private static volatile String issuer;
    private HttpServer server;

    /** Starts the issuer (a fresh key); its URL, for {@code quarkus.oidc.auth-server-url} or {@code AUTH_ISSUER}. */
    public String start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"response_types_supported\":[\"token\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
        String jwks = "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        serve("/.well-known/openid-configuration", discovery);
        serve("/jwks", jwks);
        server.start();
        return issuer;
    }

    private void serve(String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A token as auth-service issues it: subject, audience, roles and permissions. */
    public static String token(String subject, List<String> roles, List<String> permissions) {
        return sign(claims(subject, roles, permissions));
    }

    /** The claims of {@link #token}, to change before {@link #sign(JwtClaims)}. */
    public static JwtClaims claims(String subject, List<String> roles, List<String> permissions) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setAudience(AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("roles", roles);
        claims.setStringListClaim("permissions", permissions);
        return claims;
    }

    public static String sign(JwtClaims claims) {
        return sign(claims, key);
    }

    /** The signing key's public half, as the JWKS publishes it: what an attacker knows. */
    public static RsaJsonWebKey publicKey() {
        try {
            return (RsaJsonWebKey) JsonWebKey.Factory.newJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims signed with the issuer's real key under another key id in the header. */
    public static String signWithKeyId(JwtClaims claims, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed token signed by a key the issuer never published. */
    public static String tokenWithForeignKey(String subject) {
        try {
            RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
            foreign.setKeyId("test-key");
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject(subject);
            claims.setAudience(AUDIENCE);
            claims.setExpirationTimeMinutesInTheFuture(5);
            claims.setStringListClaim("roles", List.of("ADMIN"));
            return sign(claims, foreign);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey signingKey) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey.getPrivateKey());
        jws.setKeyIdHeaderValue(signingKey.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
