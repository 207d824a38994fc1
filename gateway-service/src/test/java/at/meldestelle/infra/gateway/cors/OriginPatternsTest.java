package at.meldestelle.infra.gateway.cors;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPatternsTest {

    private final OriginPatterns patterns = new OriginPatterns(List.of("https://*.meldestelle.at", "http://localhost:*",
            "https://exact.example"));

    @Test
    void aStarIsOneLabelOrAPort() {
        assertTrue(patterns.allows("https://app.meldestelle.at"));
        assertTrue(patterns.allows("HTTPS://App.Meldestelle.AT"));
        assertTrue(patterns.allows("http://localhost:3000"));
        assertTrue(patterns.allows("https://exact.example"));
        assertFalse(patterns.allows("https://a.b.meldestelle.at"));
        assertFalse(patterns.allows("https://meldestelle.at"));
        assertFalse(patterns.allows("https://app.meldestelle.at.evil.example"));
        assertFalse(patterns.allows("https://evilmeldestelle.at"));
        assertFalse(patterns.allows("http://app.meldestelle.at"));
        assertFalse(patterns.allows("http://localhost:3000@evil.example"));
        assertFalse(patterns.allows("https://exact.example.evil"));
        assertFalse(patterns.allows("null"));
        assertFalse(patterns.allows(null));
    }

    @Test
    void aLoneStarAllowsAnyOrigin() {
        assertTrue(new OriginPatterns(List.of("*")).allows("https://anything.example"));
        assertFalse(new OriginPatterns(List.of()).allows("https://anything.example"));
    }
}
