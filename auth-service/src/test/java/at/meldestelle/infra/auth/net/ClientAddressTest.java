package at.meldestelle.infra.auth.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address ranges of trusted proxies (the rest of ClientAddress runs in BruteForceTest, over HTTP). */
class ClientAddressTest {

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
