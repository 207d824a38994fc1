package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A configured route with its matching rules prepared and its chain of filters. */
record CompiledRoute(GatewayConfig.Route config, String prefix, boolean prefixMatch, Set<String> methods,
                     Set<String> hosts, Map<String, String> headers, List<RouteFilter> chain) {

    static CompiledRoute of(GatewayConfig.Route route, List<RouteFilter> chain) {
        String path = route.path();
        boolean prefixMatch = path.endsWith("/**");
        String prefix = prefixMatch ? path.substring(0, path.length() - 3) : path;
        if ((!prefix.startsWith("/") && !(prefixMatch && prefix.isEmpty())) || prefix.contains("*")) {
            throw new IllegalArgumentException("gateway.routes " + route.id() + ": path " + path
                    + " must start with '/' and may only end with '/**'");
        }
        route.prefixPath().ifPresent(prefixPath -> checkPrefixPath(route.id(), prefixPath));
        Set<String> methods = route.methods().map(list -> list.stream().map(m -> m.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        Set<String> hosts = route.hosts().map(list -> list.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        return new CompiledRoute(route, prefix, prefixMatch, methods, hosts, Map.copyOf(route.headers()), List.copyOf(chain));
    }

    /** A normalised path without a trailing slash that does not lead into the upstream's management endpoints. */
    private static void checkPrefixPath(String id, String prefixPath) {
        boolean valid;
        try {
            EdgePath parsed = EdgePath.parse(prefixPath, null);
            valid = parsed.value().equals(prefixPath) && !parsed.isManagement(0);
        } catch (EdgePath.InvalidPathException e) {
            valid = false;
        }
        if (!valid || prefixPath.length() < 2 || prefixPath.endsWith("/")) {
            throw new IllegalArgumentException("gateway.routes " + id + ": prefix-path " + prefixPath
                    + " must be a normalised path such as /members/v2, without a trailing '/', and not under /q");
        }
    }

    boolean matches(EdgePath path, HttpServerRequest request) {
        String value = path.value();
        boolean pathMatches = prefixMatch
                ? value.equals(prefix) || value.equals(prefix + "/") || (value.startsWith(prefix) && value.charAt(prefix.length()) == '/')
                : value.equals(prefix);
        if (!pathMatches) {
            return false;
        }
        // A CORS preflight asks about another method: it matches the route the actual request will.
        String requested = request.getHeader("Access-Control-Request-Method");
        boolean preflight = request.method() == HttpMethod.OPTIONS && requested != null && request.getHeader("Origin") != null;
        if (preflight) {
            return hostMatches(request) && (methods.isEmpty() || methods.contains(requested.trim().toUpperCase(Locale.ROOT)));
        }
        if (!methods.isEmpty() && !methods.contains(request.method().name())) {
            return false;
        }
        if (!hostMatches(request)) {
            return false;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            // Exactly one value: with two, the route and the upstream could each read another.
            List<String> values = request.headers().getAll(header.getKey());
            if (values.size() != 1 || !header.getValue().equals(values.get(0))) {
                return false;
            }
        }
        return true;
    }

    private boolean hostMatches(HttpServerRequest request) {
        return hosts.isEmpty() || (request.authority() != null
                && hosts.contains(request.authority().host().toLowerCase(Locale.ROOT)));
    }
}
