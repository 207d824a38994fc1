package at.meldestelle.infra.gateway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The one path the gateway decides on and forwards: percent-escapes of unreserved characters
 * decoded (so {@code /%71/metrics} is {@code /q/metrics}), other escapes kept in upper case,
 * {@code //} collapsed. Dot segments, malformed escapes, escaped control characters and characters
 * that must not appear unescaped are refused, so no upstream can read the path differently.
 */
public record EdgePath(String value, List<String> segments, String query) {

    /** A path the gateway refuses (400). */
    public static final class InvalidPathException extends Exception {
        InvalidPathException(String message) {
            super(message, null, false, false);
        }
    }

    private static final String HEX = "0123456789ABCDEF";

    public static EdgePath parse(String rawPath, String rawQuery) throws InvalidPathException {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new InvalidPathException("The request target must be a path starting with '/'.");
        }
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 1; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                if (!segment.isEmpty()) {
                    String decoded = segment.toString();
                    int parameters = decoded.indexOf(';');
                    String name = parameters < 0 ? decoded : decoded.substring(0, parameters);
                    // "..;x" is ".." to servers that drop path parameters.
                    if (name.equals(".") || name.equals("..")) {
                        throw new InvalidPathException("The path must not contain '.' or '..' segments.");
                    }
                    segments.add(decoded);
                    segment.setLength(0);
                }
            } else if (c == '%') {
                int value = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw new InvalidPathException("The path has a malformed percent-encoding at position " + i + ".");
                }
                if (value < 0x20 || value == 0x7F) {
                    throw new InvalidPathException("The path must not contain control characters, encoded or not.");
                }
                if (unreserved((char) value)) {
                    segment.append((char) value);
                } else {
                    segment.append('%').append(HEX.charAt(value >> 4)).append(HEX.charAt(value & 0xF));
                }
                i += 2;
            } else if (unreserved(c) || subDelimiterOrColonOrAt(c)) {
                segment.append(c);
            } else {
                throw new InvalidPathException("The path must percent-encode the character at position " + i + ".");
            }
        }
        boolean trailingSlash = rawPath.length() > 1 && rawPath.endsWith("/") && !segments.isEmpty();
        String value = "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
        checkQuery(rawQuery);
        return new EdgePath(value, List.copyOf(segments), rawQuery);
    }

    /**
     * The query goes on as the client sent it, so it must mean the same to every upstream:
     * well-formed escapes, printable ASCII only, no fragment. Characters RFC 3986 wants escaped but
     * that browsers send raw ({@code "|[]{}}, ...) pass, as they do through nginx.
     */
    private static void checkQuery(String rawQuery) throws InvalidPathException {
        if (rawQuery == null) {
            return;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawQuery.length() || hex(rawQuery.charAt(i + 1), rawQuery.charAt(i + 2)) < 0) {
                    throw new InvalidPathException("The query has a malformed percent-encoding at position " + i + ".");
                }
                i += 2;
            } else if (c <= 0x20 || c >= 0x7F || c == '#') {
                throw new InvalidPathException("The query must percent-encode the character at position " + i + ".");
            }
        }
    }

    /** The URI for the upstream: this path without its first {@code strip} segments, with the query. */
    public String upstreamUri(int strip) {
        return upstreamUri(strip, "");
    }

    /** The path after {@code strip} segments, behind {@code prefixPath} (a normalised path, or empty), with the query. */
    public String upstreamUri(int strip, String prefixPath) {
        String path = prefixPath + (strip == 0 ? value : strippedPath(strip));
        return query == null ? path : path + "?" + query;
    }

    /** What stripping {@code strip} segments removes, e.g. {@code /api/auth}; empty for none. */
    public String strippedPrefix(int strip) {
        int count = Math.min(strip, segments.size());
        return count == 0 ? "" : "/" + String.join("/", segments.subList(0, count));
    }

    /** True when the path, without its first {@code strip} segments, names Quarkus management endpoints ({@code /q/...}). */
    public boolean isManagement(int strip) {
        if (segments.size() <= strip) {
            return false;
        }
        String first = segments.get(strip);
        // "q;x" reaches "q" on servers that drop path parameters.
        int parameters = first.indexOf(';');
        return (parameters < 0 ? first : first.substring(0, parameters)).equals("q");
    }

    private String strippedPath(int strip) {
        if (segments.size() <= strip) {
            return "/";
        }
        String rest = "/" + String.join("/", segments.subList(strip, segments.size()));
        return value.endsWith("/") ? rest + "/" : rest;
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean subDelimiterOrColonOrAt(char c) {
        return "!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static int hex(char high, char low) {
        int h = hexDigit(high);
        int l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** ASCII only: Character.digit would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char upper = (char) (c & ~0x20);
        return upper >= 'A' && upper <= 'F' ? upper - 'A' + 10 : -1;
    }
}
