package at.meldestelle.infra.shared.runtime.net;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which X-Forwarded-For entry is believed, and the address ranges of trusted proxies (over HTTP: auth BruteForceTest, gateway EdgeSecurityTest). */
class TrustedProxiesTest {

    private final TrustedProxies addresses = TrustedProxies.of(List.of("127.0.0.1", "10.0.0.0/8"), "test");

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("203.0.113.9", addresses.clientOf("203.0.113.9", "1.2.3.4"));
        assertEquals("203.0.113.9", addresses.clientOf("203.0.113.9", "127.0.0.1"));
    }

    @Test
    void fromTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        assertEquals("198.51.100.4", addresses.clientOf("127.0.0.1", "1.2.3.4, 198.51.100.4"));
        // An ingress (10.0.0.5) before the gateway: it vouches for the entry before it; the forged 1.2.3.4 counts for nothing.
        assertEquals("198.51.100.4", addresses.clientOf("10.0.0.9", "1.2.3.4, 198.51.100.4, 10.0.0.5"));
        assertEquals("2001:db8::7", addresses.clientOf("127.0.0.1", "2001:db8::7"));
        assertEquals("10.0.0.5", addresses.clientOf("127.0.0.1", "10.0.0.5"));
        // A dual-stack socket writes IPv4 peers IPv4-mapped: still the trusted range.
        assertEquals("198.51.100.4", addresses.clientOf("::ffff:10.0.0.9", "198.51.100.4"));
        assertEquals("127.0.0.1", addresses.clientOf("127.0.0.1", null));
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalk() {
        assertEquals("127.0.0.1", addresses.clientOf("127.0.0.1", "1.2.3.4:5678"));
        assertEquals("10.0.0.5", addresses.clientOf("127.0.0.1", "evil, 10.0.0.5"));
        assertEquals("127.0.0.1", addresses.clientOf("127.0.0.1", ""));
    }

    @Test
    void rangesContainTheirAddressesOnly() {
        TrustedProxies pods = TrustedProxies.of(List.of("10.244.0.0/14"), "test");
        assertTrue(pods.trusts("10.244.0.1"));
        assertTrue(pods.trusts("10.247.255.255"));
        assertFalse(pods.trusts("10.248.0.0"));
        assertFalse(pods.trusts("::1"));
        assertFalse(pods.trusts("not-an-address"));
        assertTrue(TrustedProxies.of(List.of("::1"), "test").trusts("0:0:0:0:0:0:0:1"));
        assertTrue(TrustedProxies.of(List.of("0.0.0.0/0"), "test").trusts("203.0.113.7"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("gateway.local/32"), "test"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33"), "test"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/x"), "test"));
    }
}
