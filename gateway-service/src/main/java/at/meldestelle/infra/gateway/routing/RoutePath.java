package at.meldestelle.infra.gateway.routing;

/** Translates route paths to Vert.x and strips leading segments for the upstream. */
final class RoutePath {

    private RoutePath() {
    }

    /** {@code /api/members/**} becomes the Vert.x prefix route {@code /api/members/*}. */
    static String toVertx(String pattern) {
        return pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    /** The part of a route's path that stripping removes, e.g. {@code /api/auth} for {@code /api/auth/**} by 2. */
    static String strippedPrefix(String pattern, int segments) {
        String path = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        String rest = strip(path, segments);
        return rest.equals("/") ? path : path.substring(0, path.length() - rest.length());
    }

    /** Removes {@code segments} leading path segments from a URI, keeping the query: {@code /api/a/b?x} by 2 is {@code /b?x}. */
    static String strip(String uri, int segments) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String rest = query < 0 ? "" : uri.substring(query);
        int at = 0;
        for (int i = 0; i < segments && at < path.length(); i++) {
            int next = path.indexOf('/', at + 1);
            at = next < 0 ? path.length() : next;
        }
        String stripped = path.substring(at);
        return (stripped.isEmpty() ? "/" : stripped) + rest;
    }

    /** True for paths with {@code .} or {@code ..} segments, also percent-encoded. */
    static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Quarkus management endpoints ({@code /q/...}) of an upstream. */
    static boolean isManagement(String upstreamPath) {
        return upstreamPath.equals("/q") || upstreamPath.startsWith("/q/");
    }
}
