package at.meldestelle.infra.auth.net;

import at.meldestelle.infra.auth.config.AuthConfig;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;

/**
 * The address a request comes from, for throttling and the audit trail. From a trusted proxy
 * ({@code auth.trusted-proxies}, the gateway) it is the last {@code X-Forwarded-For} entry: the one
 * the proxy appended itself. Everything before it was sent by the client and may be forged.
 * Quarkus's own forwarding support takes the first entry, which is the client's to choose, so this is
 * done here; from any other peer the header is ignored.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(AuthConfig config) {
        this.trustedProxies = config.trustedProxies().stream().map(Cidr::parse).toList();
    }

    public String of(HttpServerRequest request) {
        return resolve(request.remoteAddress().hostAddress(), request.getHeader("X-Forwarded-For"));
    }

    /** The address for a connection from {@code peer} that carried {@code forwardedFor} (null when none). */
    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || trustedProxies.stream().noneMatch(cidr -> cidr.contains(peer))) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return NetUtil.isValidIpV4Address(last) || NetUtil.isValidIpV6Address(last) ? last : peer;
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a range of one. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0]);
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
            byte[] candidate = NetUtil.createByteArrayFromIpAddressString(address);
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
