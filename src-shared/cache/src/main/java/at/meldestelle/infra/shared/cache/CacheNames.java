package at.meldestelle.infra.shared.cache;

import java.util.regex.Pattern;

/** What cache names and keys may look like; the same rule on every node and in every client. */
public final class CacheNames {

    /** Names become part of Redis keys and meter tags: no separators, no globbing characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_KEY_LENGTH = 1024;

    private CacheNames() {
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidCacheRequestException("A cache name is 1 to 64 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit; " + describe(name) + " is not.");
        }
        return name;
    }

    /** Keys are any text of 1 to 1024 characters without control characters. */
    public static String checkKey(String key) {
        checkText(key, "key");
        return key;
    }

    static void checkText(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new InvalidCacheRequestException("A " + what + " must not be empty.");
        }
        if (text.length() > MAX_KEY_LENGTH) {
            throw new InvalidCacheRequestException("A " + what + " has at most " + MAX_KEY_LENGTH + " characters; this one has "
                    + text.length() + ".");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidCacheRequestException("A " + what + " must not contain control characters (U+"
                        + String.format("%04X", (int) c) + " at index " + i + ").");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(++i)))) {
                throw new InvalidCacheRequestException("A " + what + " must not contain an unpaired surrogate (index " + i + ").");
            }
        }
    }

    private static String describe(String name) {
        if (name == null) {
            return "no name";
        }
        return name.length() > 80 ? "'" + name.substring(0, 80) + "...'" : "'" + name + "'";
    }
}
