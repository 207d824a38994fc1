package at.meldestelle.infra.auth.net;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which X-Forwarded-For entry is believed, and the address ranges of trusted proxies (over HTTP: BruteForceTest). */
class ClientAddressTest {

    private final ClientAddress addresses = new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", "1.2.3.4"));
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", "127.0.0.1"));
    }

    @Test
    void fromTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        assertEquals("198.51.100.4", addresses.resolve("127.0.0.1", "1.2.3.4, 198.51.100.4"));
        // An ingress (10.0.0.5) before the gateway: it vouches for the entry before it; the forged 1.2.3.4 counts for nothing.
        assertEquals("198.51.100.4", addresses.resolve("10.0.0.9", "1.2.3.4, 198.51.100.4, 10.0.0.5"));
        assertEquals("2001:db8::7", addresses.resolve("127.0.0.1", "2001:db8::7"));
        assertEquals("10.0.0.5", addresses.resolve("127.0.0.1", "10.0.0.5"));
        // A dual-stack socket writes IPv4 peers IPv4-mapped: still the trusted range.
        assertEquals("198.51.100.4", addresses.resolve("::ffff:10.0.0.9", "198.51.100.4"));
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", null));
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalk() {
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", "1.2.3.4:5678"));
        assertEquals("10.0.0.5", addresses.resolve("127.0.0.1", "evil, 10.0.0.5"));
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", ""));
    }

    @Test
    void rangesContainTheirAddressesOnly() {
        ClientAddress.Cidr pods = ClientAddress.Cidr.parse("10.244.0.0/14");
        assertTrue(pods.contains("10.244.0.1"));
        assertTrue(pods.contains("10.247.255.255"));
        assertFalse(pods.contains("10.248.0.0"));
        assertFalse(pods.contains("::1"));
        assertFalse(pods.contains("not-an-address"));
        assertTrue(ClientAddress.Cidr.parse("::1").contains("0:0:0:0:0:0:0:1"));
        assertTrue(ClientAddress.Cidr.parse("0.0.0.0/0").contains("203.0.113.7"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.Cidr.parse("gateway.local/32"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.Cidr.parse("10.0.0.0/33"));
    }
}
