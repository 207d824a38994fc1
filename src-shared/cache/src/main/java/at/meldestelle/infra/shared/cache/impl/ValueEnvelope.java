package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.CachedValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A value as L2 holds it: its expiry (so that a node never keeps it in L1 longer than Redis keeps
 * it), its media type and its bytes. Layout: version byte 1, expiry in epoch millis (8 bytes),
 * media type length (2 bytes), media type (UTF-8), the value.
 */
final class ValueEnvelope {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 8 + 2;

    private ValueEnvelope() {
    }

    static byte[] encode(CachedValue value, long expiresAtMillis) {
        byte[] type = value.contentType().getBytes(StandardCharsets.UTF_8);
        if (type.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("Media type too long");
        }
        return ByteBuffer.allocate(HEADER + type.length + value.bytes().length)
                .put(VERSION).putLong(expiresAtMillis).putShort((short) type.length).put(type).put(value.bytes())
                .array();
    }

    /** The value, or null for bytes that are not an envelope (written by someone else): treated as a miss. */
    static Decoded decode(byte[] stored) {
        if (stored == null || stored.length < HEADER || stored[0] != VERSION) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        buffer.get();
        long expiresAt = buffer.getLong();
        int typeLength = buffer.getShort();
        if (typeLength < 0 || HEADER + typeLength > stored.length) {
            return null;
        }
        String type = new String(stored, HEADER, typeLength, StandardCharsets.UTF_8);
        byte[] bytes = new byte[stored.length - HEADER - typeLength];
        System.arraycopy(stored, HEADER + typeLength, bytes, 0, bytes.length);
        return new Decoded(new CachedValue(bytes, type), expiresAt);
    }

    record Decoded(CachedValue value, long expiresAtMillis) {
    }
}
