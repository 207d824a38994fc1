package at.meldestelle.infra.gateway.proxy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocationHeaderTest {

    private static String rewrite(String location) {
        return LocationHeader.toGateway(location, "/api/eventstore", "", "https", "gw.example:8443", "10.0.0.7:8082");
    }

    @Test
    void pathOnlyLocationsGetThePrefixBack() {
        assertEquals("/api/eventstore/streams/s/events?from=1", rewrite("/streams/s/events?from=1"));
        assertEquals("/api/eventstore/a#frag", rewrite("/a#frag"));
    }

    @Test
    void locationsAtTheUpstreamOrTheGatewayPointAtTheGateway() {
        assertEquals("https://gw.example:8443/api/eventstore/x?y=1", rewrite("http://10.0.0.7:8082/x?y=1"));
        assertEquals("https://gw.example:8443/api/eventstore/x", rewrite("http://gw.example:8443/x"));
    }

    @Test
    void locationsElsewhereAndUnparsableOnesAreLeftAlone() {
        assertEquals("https://other.example/x", rewrite("https://other.example/x"));
        assertEquals("relative/path", rewrite("relative/path"));
        assertEquals("http://bad host/x", rewrite("http://bad host/x"));
    }

    @Test
    void withoutAGatewayAuthorityAnAbsoluteLocationStays() {
        assertEquals("http://10.0.0.7:8082/x",
                LocationHeader.toGateway("http://10.0.0.7:8082/x", "/api/eventstore", "", "http", null, "10.0.0.7:8082"));
    }

    @Test
    void thePrefixPathTheGatewayAddedIsTakenOffAndLocationsOutsideItStay() {
        assertEquals("/api/v2/members/7", LocationHeader.toGateway("/members/v2/7", "/api/v2/members", "/members/v2",
                "https", "gw.example", "10.0.0.7:8082"));
        assertEquals("/api/v2/members/", LocationHeader.toGateway("/members/v2", "/api/v2/members", "/members/v2",
                "https", "gw.example", "10.0.0.7:8082"));
        assertEquals("/members/v22/7", LocationHeader.toGateway("/members/v22/7", "/api/v2/members", "/members/v2",
                "https", "gw.example", "10.0.0.7:8082"));
        assertEquals("/other", LocationHeader.toGateway("/other", "/api/v2/members", "/members/v2",
                "https", "gw.example", "10.0.0.7:8082"));
    }
}
