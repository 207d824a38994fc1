package at.meldestelle.infra.auth.config;

import java.util.Base64;

/** A secret given in configuration as base64 of random bytes ({@code openssl rand -base64 32}). */
public final class Base64Secret {

    private Base64Secret() {
    }

    /** The secret's bytes; refused at start when it is not base64 or shorter than {@code minBytes}. */
    public static byte[] decode(String property, String base64, int minBytes) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not base64", e);
        }
        if (bytes.length < minBytes) {
            throw new IllegalArgumentException(property + " must be at least " + minBytes + " bytes (base64), not "
                    + bytes.length + "; make one with: openssl rand -base64 32");
        }
        return bytes;
    }
}
