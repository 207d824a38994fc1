package at.meldestelle.infra.shared.runtime.net;

import io.netty.util.NetUtil;

import java.util.Arrays;

/** IP address literals, parsed without name lookups. */
public final class IpAddress {

    private IpAddress() {
    }

    /**
     * The address's bytes: 4 for IPv4, also when written IPv4-mapped ({@code ::ffff:a.b.c.d}, as
     * dual-stack sockets report IPv4 peers), 16 for IPv6; null when it is no address literal.
     */
    public static byte[] bytes(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }
}
