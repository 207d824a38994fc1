package at.meldestelle.infra.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A {@code Location} from an upstream names a path without the prefix the gateway stripped (and
 * with the prefix-path it added), and possibly the upstream's own address. Pointed back at the
 * gateway here (as Spring Cloud Gateway's RewriteLocationResponseHeader does); locations elsewhere,
 * or outside the prefix-path, are left alone.
 */
final class LocationHeader {

    private LocationHeader() {
    }

    static String toGateway(String location, String strippedPrefix, String prefixPath, String scheme,
                            String gatewayAuthority, String upstreamAuthority) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/")) {
            return location;
        }
        if (!prefixPath.isEmpty()) {
            if (!path.equals(prefixPath) && !path.startsWith(prefixPath + "/")) {
                return location;
            }
            path = path.length() == prefixPath.length() ? "/" : path.substring(prefixPath.length());
        }
        String rest = strippedPrefix + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        if (uri.getRawAuthority() == null) {
            return rest;
        }
        boolean ours = uri.getRawAuthority().equals(gatewayAuthority) || uri.getRawAuthority().equals(upstreamAuthority);
        return ours && gatewayAuthority != null ? scheme + "://" + gatewayAuthority + rest : location;
    }
}
