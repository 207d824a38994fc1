package at.meldestelle.infra.shared.runtime.net;

import java.util.Arrays;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} entries count (an ingress, the gateway), as address
 * ranges, and the client address a forwarded chain names. The chain is read from the right: each
 * trusted hop vouches for the entry before it, and the first entry that is not a trusted proxy is
 * the client. Entries further left were sent by the client and may be forged. Quarkus's own
 * forwarding support takes the leftmost entry, the client's to choose, so this is done here.
 */
public final class TrustedProxies {

    private final List<Cidr> ranges;

    private TrustedProxies(List<Cidr> ranges) {
        this.ranges = ranges;
    }

    /**
     * Ranges such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a range of one.
     * {@code setting} names the configuration property in the error for a bad entry.
     */
    public static TrustedProxies of(List<String> ranges, String setting) {
        return new TrustedProxies(ranges.stream().map(range -> Cidr.parse(range, setting)).toList());
    }

    public boolean trusts(String address) {
        return ranges.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** The client of a connection from {@code peer} that carried {@code forwardedFor} (null when none). */
    public String clientOf(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusts(peer)) {
            return peer;
        }
        String client = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (IpAddress.bytes(hop) == null) {
                // Not an address (a port, a name, garbage): nothing before it can be vouched for.
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr, String setting) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = IpAddress.bytes(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException(setting + ": " + cidr + " is not an IP address or range");
            }
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(setting + ": the prefix of " + cidr + " is out of range");
            }
            return new Cidr(network, prefix);
        }

        boolean contains(String address) {
            byte[] candidate = IpAddress.bytes(address);
            if (candidate == null || candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            int rest = prefix % 8;
            if (!Arrays.equals(Arrays.copyOf(candidate, full), Arrays.copyOf(network, full))) {
                return false;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
