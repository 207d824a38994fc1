package at.meldestelle.infra.gateway.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutePathTest {

    @Test
    void routePatternsBecomeVertxPrefixRoutes() {
        assertEquals("/api/members/*", RoutePath.toVertx("/api/members/**"));
        assertEquals("/api/members", RoutePath.toVertx("/api/members"));
    }

    @Test
    void stripRemovesLeadingSegmentsAndKeepsTheQuery() {
        assertEquals("/streams/s/events?from=3", RoutePath.strip("/api/eventstore/streams/s/events?from=3", 2));
        assertEquals("/", RoutePath.strip("/api/eventstore", 2));
        assertEquals("/?x=1", RoutePath.strip("/api/eventstore?x=1", 2));
        assertEquals("/", RoutePath.strip("/api", 5));
        assertEquals("/api/a", RoutePath.strip("/api/a", 0));
        assertEquals("/b?q=/c/d", RoutePath.strip("/a/b?q=/c/d", 1), "slashes in the query are not segments");
    }

    @Test
    void strippedPrefixIsWhatStrippingRemoves() {
        assertEquals("/api/auth", RoutePath.strippedPrefix("/api/auth/**", 2));
        assertEquals("/api", RoutePath.strippedPrefix("/api/auth/**", 1));
        assertEquals("", RoutePath.strippedPrefix("/api/auth/**", 0));
    }

    @Test
    void dotSegmentsAreFoundAlsoWhenPercentEncoded() {
        assertTrue(RoutePath.hasDotSegment("/api/cache/../q/metrics"));
        assertTrue(RoutePath.hasDotSegment("/api/cache/./x"));
        assertTrue(RoutePath.hasDotSegment("/api/cache/%2e%2E/x"));
        assertTrue(RoutePath.hasDotSegment("/api/cache/%2e"));
        assertFalse(RoutePath.hasDotSegment("/api/cache/a..b/.hidden/..."));
    }

    @Test
    void managementPathsAreRecognised() {
        assertTrue(RoutePath.isManagement("/q"));
        assertTrue(RoutePath.isManagement("/q/metrics"));
        assertFalse(RoutePath.isManagement("/quota"));
        assertFalse(RoutePath.isManagement("/streams/q"));
    }
}
