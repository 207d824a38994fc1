package at.meldestelle.infra.gateway;

import at.meldestelle.infra.shared.testing.RedisTestResource;
import at.meldestelle.infra.shared.testing.TestIssuer;
import at.meldestelle.infra.shared.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forged, altered and out-of-date tokens: each is refused with 401 {@code invalid_token} and never
 * reaches the upstream. Each case first shows that the same token built honestly passes, so that a
 * 401 is the attack's doing. (A revoked {@code jti} is in GatewayRevocationTest.)
 */
@QuarkusTest
@WithTestResource(TestIssuer.class)
@WithTestResource(EchoUpstream.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(RedisTestResource.class)
class JwtAttackTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void noTokenAndAnEmptyOrMalformedBearerAre401() {
        String stream = stream();
        given().get(path(stream)).then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
        refused(stream, "Bearer");
        refused(stream, "Bearer ");
        refused(stream, "Bearer a.b");
        refused(stream, "Bearer " + "%%%.%%%.%%%");
        refused(stream, "Bearer " + encode("{\"alg\":\"RS256\"}") + "." + encode("not json") + ".c2ln");
        assertEquals(0, EchoUpstream.received("GET " + upstreamPath(stream)));
    }

    @Test
    void algNoneIsRefused() {
        String header = encode("{\"alg\":\"none\",\"kid\":\"test-key\",\"typ\":\"JWT\"}");
        String payload = encode(claims().toJson());
        refusedToken(header + "." + payload + ".");
        refusedToken(header + "." + payload + "." + encode("x"));
    }

    @Test
    void hs256SignedWithTheIssuersPublicKeyIsRefused() throws JoseException {
        RsaJsonWebKey published = TestIssuer.publicKey();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(published.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), published.getPublicKey().getEncoded(),
                published.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8))) {
            refusedToken(sign(claims(), new HmacKey(secret), AlgorithmIdentifiers.HMAC_SHA256, "test-key", jws -> jws.setDoKeyValidation(false)));
        }
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        accepted(claims -> { });
        long now = Instant.now().getEpochSecond();
        // Beyond the 30 s clock-skew grace on either side.
        refused(claims -> {
            claims.setExpirationTime(NumericDate.fromSeconds(now - 120));
            claims.setIssuedAt(NumericDate.fromSeconds(now - 420));
        });
        refused(claims -> claims.setNotBefore(NumericDate.fromSeconds(now + 120)));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        refused(claims -> claims.setIssuer("http://evil.example"));
        refused(claims -> claims.setIssuer(claims.getClaimValueAsString("iss") + "/"));
        refused(claims -> claims.setAudience("another-api"));
        refused(claims -> claims.setAudience(List.of()));
    }

    @Test
    void missingExpiryIsRefused() {
        refused(claims -> claims.unsetClaim("exp"));
    }

    @Test
    void anUnknownKeyIdIsRefusedEvenWithTheRightKey() {
        refusedToken(TestIssuer.signWithKeyId(claims(), "rotated-away"));
        refusedToken(TestIssuer.signWithKeyId(claims(), "../../jwks"));
    }

    @Test
    void aWellFormedTokenFromAnUntrustedKeyIsRefused() throws JoseException {
        refusedToken(TestIssuer.tokenWithForeignKey("mallory"));
        RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        // The attacker's key embedded in the header ("jwk") must not be trusted.
        refusedToken(sign(claims(), attacker.getPrivateKey(), AlgorithmIdentifiers.RSA_USING_SHA256, "test-key",
                jws -> jws.getHeaders().setJwkHeaderValue("jwk", attacker)));
    }

    @Test
    void tamperedPayloadOrSignatureIsRefused() {
        String token = TestIssuer.sign(claims());
        String[] parts = token.split("\\.");
        JwtClaims elevated = claims();
        elevated.setStringListClaim("roles", List.of("ADMIN", "SUPERUSER"));
        refusedToken(parts[0] + "." + encode(elevated.toJson()) + "." + parts[2]);
        String signature = parts[2];
        char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
        refusedToken(parts[0] + "." + parts[1] + "." + signature.substring(0, 10) + flipped + signature.substring(11));
        refusedToken(parts[0] + "." + parts[1] + ".");
        refusedToken(parts[0] + "." + parts[1]);
        String crit = encode("{\"alg\":\"RS256\",\"kid\":\"test-key\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}");
        refusedToken(crit + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        String stream = stream();
        String good = TestIssuer.sign(claims());
        given().header("Authorization", "Bearer " + good).header("Authorization", "Bearer forged")
                .get(path(stream)).then().statusCode(400).contentType("application/problem+json");
        // quarkus-oidc reads the first header before any route runs: here that is the refusal.
        given().header("Authorization", "Bearer forged").header("Authorization", "Bearer " + good)
                .get(path(stream)).then().statusCode(401).contentType("application/problem+json");
        assertEquals(0, EchoUpstream.received("GET " + upstreamPath(stream)));
    }

    @Test
    void anOversizedTokenIs431() {
        given().header("Authorization", "Bearer " + "a".repeat(24_000)).get(path(stream())).then().statusCode(431);
    }

    private static JwtClaims claims() {
        return TestIssuer.claims("mallory", List.of("ADMIN"), List.of("WRITE_EVENTS"));
    }

    private static void accepted(Consumer<JwtClaims> change) {
        JwtClaims claims = claims();
        change.accept(claims);
        given().auth().oauth2(TestIssuer.sign(claims)).get(path(stream())).then().statusCode(200);
    }

    /** The change makes an otherwise valid token invalid. */
    private static void refused(Consumer<JwtClaims> change) {
        accepted(claims -> { });
        JwtClaims claims = claims();
        change.accept(claims);
        refusedToken(TestIssuer.sign(claims));
    }

    private static void refusedToken(String token) {
        String stream = stream();
        refused(stream, "Bearer " + token);
        assertEquals(0, EchoUpstream.received("GET " + upstreamPath(stream)), "the upstream never sees a refused token");
    }

    private static void refused(String stream, String authorization) {
        given().header("Authorization", authorization).get(path(stream))
                .then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
                .contentType("application/problem+json");
    }

    private static String sign(JwtClaims claims, java.security.Key key, String algorithm, String keyId, Consumer<JsonWebSignature> extra) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(algorithm);
        extra.accept(jws);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String stream() {
        return "attack-" + UUID.randomUUID();
    }

    private static String path(String stream) {
        return "/api/eventstore/streams/" + stream + "/events";
    }

    private static String upstreamPath(String stream) {
        return "/streams/" + stream + "/events";
    }
}
