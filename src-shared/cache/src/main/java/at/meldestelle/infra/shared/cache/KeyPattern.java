package at.meldestelle.infra.shared.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys an invalidation covers: {@code *} stands for any run of characters (also none); every
 * other character, {@code ?} and {@code [} included, stands for itself. Matched the same way in L1
 * (here, in time linear in the key per literal part, so no pattern can make a node spin) and in
 * Redis ({@code SCAN MATCH}, with Redis's own globbing characters escaped).
 */
public final class KeyPattern {

    /** More stars add nothing a caller needs, and each one multiplies Redis's matching work. */
    static final int MAX_STARS = 8;

    private final String glob;
    private final List<String> literals;

    private KeyPattern(String glob, List<String> literals) {
        this.glob = glob;
        this.literals = literals;
    }

    public static KeyPattern of(String glob) {
        CacheNames.checkText(glob, "pattern");
        List<String> literals = new ArrayList<>();
        int start = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
            literals.add(glob.substring(start, star));
            start = star + 1;
        }
        literals.add(glob.substring(start));
        if (literals.size() - 1 > MAX_STARS) {
            throw new InvalidCacheRequestException("A pattern has at most " + MAX_STARS + " '*'; '" + abbreviated(glob)
                    + "' has " + (literals.size() - 1) + ".");
        }
        return new KeyPattern(glob, List.copyOf(literals));
    }

    public static KeyPattern all() {
        return of("*");
    }

    public String glob() {
        return glob;
    }

    public boolean isAll() {
        return "*".equals(glob);
    }

    /** Leftmost-first matching of the literal parts between the stars: a match exists iff this finds it. */
    public boolean matches(String key) {
        int last = literals.size() - 1;
        if (last == 0) {
            return key.equals(glob);
        }
        String head = literals.get(0);
        String tail = literals.get(last);
        if (key.length() < head.length() + tail.length() || !key.startsWith(head) || !key.endsWith(tail)) {
            return false;
        }
        int from = head.length();
        int end = key.length() - tail.length();
        for (int i = 1; i < last; i++) {
            int found = key.indexOf(literals.get(i), from);
            if (found < 0 || found + literals.get(i).length() > end) {
                return false;
            }
            from = found + literals.get(i).length();
        }
        return true;
    }

    /** The pattern for Redis's {@code MATCH}, behind {@code prefix} (which must hold no globbing character). */
    public String redisMatch(String prefix) {
        StringBuilder match = new StringBuilder(prefix.length() + glob.length() + 8).append(prefix);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '?' || c == '[' || c == ']' || c == '\\') {
                match.append('\\');
            }
            match.append(c);
        }
        return match.toString();
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
