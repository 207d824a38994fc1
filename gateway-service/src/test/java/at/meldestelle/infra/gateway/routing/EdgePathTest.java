package at.meldestelle.infra.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdgePathTest {

    private static EdgePath parse(String path) throws EdgePath.InvalidPathException {
        return EdgePath.parse(path, null);
    }

    @Test
    void unreservedEscapesAreDecodedOthersKeptInUpperCase() throws Exception {
        assertEquals("/q/metrics", parse("/%71/metrics").value());
        assertEquals("/a/~b/c%2F%3Bd", parse("/a/%7eb/c%2f%3bd").value());
        assertEquals("/a;v=1", parse("/a;v=1").value());
    }

    @Test
    void slashesAreCollapsedAndATrailingSlashKept() throws Exception {
        assertEquals("/a/b", parse("//a///b").value());
        assertEquals("/a/b/", parse("/a/b//").value());
        assertEquals("/", parse("/").value());
        assertEquals("/", parse("///").value());
    }

    @Test
    void dotSegmentsMalformedEscapesAndUnsafeCharactersAreRefused() {
        for (String path : List.of("/a/../b", "/a/./b", "/a/%2e%2E/b", "/a/%2E", "/a%zz", "/a%2", "/a%", "/a%0d%0a",
                "/a%00", "/a%7F", "/a\\b", "/a b", "/\u00e4", "/a%\u0663\u0663", "a/b", "")) {
            assertThrows(EdgePath.InvalidPathException.class, () -> parse(path), path);
        }
    }

    @Test
    void strippingKeepsTheQueryAndNamesThePrefix() throws Exception {
        EdgePath path = EdgePath.parse("/api/auth/oauth2/token/", "a=1&b=%20");
        assertEquals("/oauth2/token/?a=1&b=%20", path.upstreamUri(2));
        assertEquals("/api/auth", path.strippedPrefix(2));
        assertEquals("", path.strippedPrefix(0));
        assertEquals("/?a=1&b=%20", EdgePath.parse("/api/auth", "a=1&b=%20").upstreamUri(2));
        assertEquals("/auth/v2/oauth2/token/?a=1&b=%20", path.upstreamUri(2, "/auth/v2"));
        assertEquals("/auth/v2/?x", EdgePath.parse("/api/auth", "x").upstreamUri(2, "/auth/v2"));
    }

    @Test
    void managementPathsAreRecognisedBehindTheStrippedPrefixInEverySpelling() throws Exception {
        assertTrue(parse("/api/auth/q/metrics").isManagement(2));
        assertTrue(parse("/api/auth/%71/health").isManagement(2));
        assertTrue(parse("/api/auth/q;x/health").isManagement(2));
        assertTrue(parse("/api/auth/q").isManagement(2));
        assertFalse(parse("/api/auth/query").isManagement(2));
        assertFalse(parse("/api/auth").isManagement(2));
        assertFalse(parse("/api/auth/q%2Fmetrics").isManagement(2));
    }

    @Test
    void theQueryPassesAsSentButMustBeWellFormedPrintableAscii() throws Exception {
        assertEquals("/a?x=1&y=%C3%A4&z=a|b[0]", EdgePath.parse("/a", "x=1&y=%C3%A4&z=a|b[0]").upstreamUri(0));
        assertEquals("/b?", EdgePath.parse("/a/b", "").upstreamUri(1));
        for (String query : List.of("x=%zz", "x=%2", "x=%", "x=\u00e4", "x=a b", "x=a\tb", "x=\u007f", "x=a#b", "x=%\u0663\u0663")) {
            assertThrows(EdgePath.InvalidPathException.class, () -> EdgePath.parse("/a", query), query);
        }
    }
}
