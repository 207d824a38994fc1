package at.meldestelle.infra.auth.keys;

import at.meldestelle.infra.auth.config.Base64Secret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Private keys are kept in Redis encrypted with AES-256-GCM under a key-encryption key from the
 * environment ({@code AUTH_KEY_ENCRYPTION_KEY}, a Kubernetes Secret in deployment): whoever can read
 * the shared Redis cannot mint tokens. The key id is the associated data, so a ciphertext moved to
 * another key id does not decrypt. Stored form: {@code v1.<base64 nonce>.<base64 ciphertext and tag>}.
 */
final class KeyEncryption {

    private static final String FORMAT = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;

    private KeyEncryption(byte[] kek) {
        this.kek = new SecretKeySpec(kek, "AES");
    }

    /** @param base64Kek 32 bytes, base64 (e.g. {@code openssl rand -base64 32}) */
    static KeyEncryption fromBase64(String base64Kek) {
        byte[] kek = Base64Secret.decode("auth.keys.encryption-key", base64Kek, 32);
        if (kek.length != 32) {
            throw new IllegalArgumentException("auth.keys.encryption-key must be 32 bytes (AES-256), not " + kek.length);
        }
        return new KeyEncryption(kek);
    }

    String encrypt(String keyId, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, keyId, plaintext.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getEncoder();
        return FORMAT + "." + base64.encodeToString(nonce) + "." + base64.encodeToString(sealed);
    }

    String decrypt(String keyId, String stored) {
        String[] parts = stored.split("\\.");
        if (parts.length != 3 || !FORMAT.equals(parts[0])) {
            throw new IllegalStateException("Signing key " + keyId + " is not stored in the encrypted form " + FORMAT);
        }
        Base64.Decoder base64 = Base64.getDecoder();
        return new String(run(Cipher.DECRYPT_MODE, base64.decode(parts[1]), keyId, base64.decode(parts[2])),
                StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, String keyId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Signing key " + keyId + " does not decrypt with auth.keys.encryption-key: "
                    + "another key-encryption key, or the stored key was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
