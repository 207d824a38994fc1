package at.meldestelle.infra.shared.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyPatternTest {

    @Test
    void starMatchesAnyRunAndEverythingElseItself() {
        assertTrue(KeyPattern.of("member:*").matches("member:4711"));
        assertTrue(KeyPattern.of("member:*").matches("member:"));
        assertFalse(KeyPattern.of("member:*").matches("members:1"));
        assertTrue(KeyPattern.of("*:4711").matches("horse:4711"));
        assertTrue(KeyPattern.of("a*b*c").matches("aXbYbZc"));
        assertFalse(KeyPattern.of("a*b*c").matches("acb"));
        assertFalse(KeyPattern.of("ab*ab").matches("ab"));
        assertTrue(KeyPattern.of("exact").matches("exact"));
        assertFalse(KeyPattern.of("exact").matches("exactly"));
        assertTrue(KeyPattern.of("q?[x]*").matches("q?[x]yz"));
        assertFalse(KeyPattern.of("q?*").matches("qa"));
        assertTrue(KeyPattern.all().matches("anything at all"));
    }

    @Test
    void redisGlobbingCharactersAreEscapedForMatch() {
        assertEquals("cache:c:e:q\\?\\[x\\]\\\\*", KeyPattern.of("q?[x]\\*").redisMatch("cache:c:e:"));
    }

    @Test
    void badPatternsAreRefusedWithAReason() {
        assertThrows(InvalidCacheRequestException.class, () -> KeyPattern.of(""));
        assertThrows(InvalidCacheRequestException.class, () -> KeyPattern.of("a\nb*"));
        assertThrows(InvalidCacheRequestException.class, () -> KeyPattern.of("x".repeat(1025)));
        assertThrows(InvalidCacheRequestException.class, () -> KeyPattern.of("*a*b*c*d*e*f*g*h*"));
        assertThrows(InvalidCacheRequestException.class, () -> KeyPattern.of("a\uD800*"));
    }

    @Test
    void manyStarsAgainstLongKeysStayLinear() {
        KeyPattern pattern = KeyPattern.of("a*a*a*a*a*a*a*b");
        String key = "a".repeat(1024);
        // A backtracking matcher would take about 1024^7 steps here; this one finishes the loop at once.
        for (int i = 0; i < 1000; i++) {
            assertFalse(pattern.matches(key));
        }
    }
}
