package at.meldestelle.infra.gateway.cors;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Allowed CORS origins: exact ones, or with {@code *} standing for one DNS label or a port
 * ({@code https://*.meldestelle.at}, {@code http://localhost:*}); {@code *} alone allows any origin.
 */
final class OriginPatterns {

    private final boolean any;
    private final List<Pattern> patterns;

    OriginPatterns(List<String> origins) {
        this.any = origins.contains("*");
        this.patterns = origins.stream().filter(origin -> !origin.equals("*")).map(OriginPatterns::compile).toList();
    }

    boolean allows(String origin) {
        if (origin == null || origin.length() > 2048) {
            return false;
        }
        if (any) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(pattern -> pattern.matcher(lower).matches());
    }

    private static Pattern compile(String origin) {
        StringBuilder regex = new StringBuilder();
        for (String literal : origin.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[a-z0-9-]+");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
