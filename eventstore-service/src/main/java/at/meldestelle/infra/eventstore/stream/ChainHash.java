package at.meldestelle.infra.eventstore.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain: each event's chain hash is the SHA-256 of its predecessor's chain hash,
 * its version, its eventId and its content hash. Changing, removing or reordering any event breaks
 * every later link. A stream's first event follows the empty head.
 */
public final class ChainHash {

    /** The head of a stream that has no events yet. */
    public static final String NONE = "";

    private ChainHash() {
    }

    public static String next(String previous, long version, String eventId, String contentHash) {
        String input = previous + '\n' + version + '\n' + eventId + '\n' + contentHash;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
