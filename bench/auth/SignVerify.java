import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;

/**
 * Signatures per second of one thread, RS256 (RSA 2048) against ES256 (P-256), with the JWS library
 * auth-service signs with (jose4j, under smallrye-jwt). Each figure after a warm-up of the same length.
 * Run by bench/auth.sh: java -cp jose4j.jar:slf4j-api.jar bench/auth/SignVerify.java SECONDS
 */
public class SignVerify {

    private static final String CLAIMS = "{\"iss\":\"http://localhost:8081\",\"sub\":\"platform-admin\",\"aud\":\"meldestelle-api\","
            + "\"exp\":1800000000,\"iat\":1799999700,\"jti\":\"5e0f3c1e-6f1d-4a53-9d1b-0a6b7e7f2a11\",\"roles\":[\"ADMIN\"],"
            + "\"permissions\":[\"READ_HORSES\",\"WRITE_EVENTS\"]}";

    public static void main(String[] args) throws Exception {
        long millis = (long) (Double.parseDouble(args.length > 0 ? args[0] : "5") * 1000);
        measure("RS256", AlgorithmIdentifiers.RSA_USING_SHA256, RsaJwkGenerator.generateJwk(2048), millis);
        measure("ES256", AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, EcJwkGenerator.generateJwk(EllipticCurves.P256), millis);
    }

    private static void measure(String name, String algorithm, PublicJsonWebKey key, long millis) throws Exception {
        String token = sign(algorithm, key);
        for (int round = 0; round < 2; round++) {
            long signs = 0, verifies = 0;
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                token = sign(algorithm, key);
                signs++;
            }
            end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                if (!verify(token, key)) {
                    throw new IllegalStateException("signature did not verify");
                }
                verifies++;
            }
            if (round == 1) {
                System.out.printf("%s  sign %8.0f /s   verify %8.0f /s   (one thread)%n", name,
                        signs * 1000.0 / millis, verifies * 1000.0 / millis);
            }
        }
    }

    private static String sign(String algorithm, PublicJsonWebKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(CLAIMS);
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static boolean verify(String token, PublicJsonWebKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(key.getPublicKey());
        return jws.verifySignature();
    }
}
