package at.meldestelle.infra.auth.net;

import at.meldestelle.infra.auth.config.AuthConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;

/**
 * The address a request comes from, for throttling and the audit trail. From a trusted proxy
 * ({@code auth.trusted-proxies}: the gateway, an ingress before it) it is taken from
 * {@code X-Forwarded-For}, read from the right: each trusted hop vouches for the entry before it, and
 * the first entry that is not a trusted proxy is the client. Entries further left were sent by the
 * client and may be forged. Quarkus's own forwarding support takes the leftmost entry, the client's
 * to choose, so this is done here; from any other peer the header is ignored.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<Cidr> trustedProxies;

    @Inject
    public ClientAddress(AuthConfig config) {
        this(config.trustedProxies());
    }

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    public String of(HttpServerRequest request) {
        // A proxy may append its entry as a header line of its own: all lines, in order, make the chain.
        List<String> lines = request.headers().getAll("X-Forwarded-For");
        return resolve(request.remoteAddress().hostAddress(), lines.isEmpty() ? null : String.join(",", lines));
    }

    /** The address for a connection from {@code peer} that carried {@code forwardedFor} (null when none). */
    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
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
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a range of one. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = IpAddress.bytes(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("auth.trusted-proxies: " + cidr + " is not an IP address or range");
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("auth.trusted-proxies: the prefix of " + cidr + " is out of range");
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
