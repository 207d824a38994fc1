package at.meldestelle.infra.shared.cache.impl;

import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.spi.Invalidation;

import java.util.ArrayList;
import java.util.List;

/**
 * Invalidations as pub/sub messages: {@code v1} followed by length-prefixed fields
 * ({@code <length>:<text>}): origin, cache, kind ({@code K} keys, {@code P} pattern, {@code C}
 * clear), then the keys or the pattern. Length prefixes, not separators: keys may hold any character.
 */
final class InvalidationCodec {

    private static final String VERSION = "v1";

    private InvalidationCodec() {
    }

    static String encode(Invalidation invalidation) {
        StringBuilder text = new StringBuilder(VERSION);
        field(text, invalidation.origin());
        field(text, invalidation.cache());
        if (invalidation instanceof Invalidation.Keys keys) {
            field(text, "K");
            keys.keys().forEach(key -> field(text, key));
        } else if (invalidation instanceof Invalidation.Pattern pattern) {
            field(text, "P");
            field(text, pattern.pattern().glob());
        } else {
            field(text, "C");
        }
        return text.toString();
    }

    /** @throws IllegalArgumentException for a message this codec did not write */
    static Invalidation decode(String text) {
        if (!text.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " invalidation");
        }
        List<String> fields = new ArrayList<>();
        int at = VERSION.length();
        while (at < text.length()) {
            int colon = text.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("field without length at " + at);
            }
            int length = Integer.parseInt(text, at, colon, 10);
            if (length < 0 || colon + 1 + length > text.length()) {
                throw new IllegalArgumentException("field longer than the message at " + at);
            }
            fields.add(text.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        if (fields.size() < 3) {
            throw new IllegalArgumentException("too few fields");
        }
        String origin = fields.get(0);
        String cache = fields.get(1);
        List<String> rest = fields.subList(3, fields.size());
        return switch (fields.get(2)) {
            case "K" -> new Invalidation.Keys(origin, cache, List.copyOf(rest));
            case "P" -> {
                if (rest.size() != 1) {
                    throw new IllegalArgumentException("a pattern invalidation names one pattern");
                }
                yield new Invalidation.Pattern(origin, cache, KeyPattern.of(rest.get(0)));
            }
            case "C" -> new Invalidation.Clear(origin, cache);
            default -> throw new IllegalArgumentException("unknown kind " + fields.get(2));
        };
    }

    private static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value);
    }
}
