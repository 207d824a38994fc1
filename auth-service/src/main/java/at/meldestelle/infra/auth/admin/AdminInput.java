package at.meldestelle.infra.auth.admin;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of admin API input; each failure is a 422 that names the field. */
final class AdminInput {

    /** Role and permission names: upper case, as in the token claims. */
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** Client ids: usable in HTTP Basic (no colon) and in URLs without encoding. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_USERNAME = 128;
    private static final int MAX_LIST = 64;

    private AdminInput() {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw AdminProblems.invalid("A JSON body is required.");
        }
        return body;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw AdminProblems.invalid("The field " + field + " is required.");
        }
        return value;
    }

    /** Distinct names of the role/permission form, at most {@value #MAX_LIST}. */
    static List<String> names(List<String> values, String field) {
        required(values, field);
        if (values.size() > MAX_LIST) {
            throw AdminProblems.invalid("The field " + field + " has more than " + MAX_LIST + " entries.");
        }
        for (String value : values) {
            if (value == null || !NAME.matcher(value).matches()) {
                throw AdminProblems.invalid("The field " + field + " has an entry that is not a name of upper-case letters, "
                        + "digits and _ (at most 64, starting with a letter).");
            }
        }
        return values.stream().distinct().toList();
    }

    static String clientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw AdminProblems.invalid("The field clientId must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit.");
        }
        return clientId;
    }

    /**
     * A user name: 1 to 128 characters without surrounding white space (no-break spaces included),
     * and without control, format (zero-width, bidi overrides: names that look like another),
     * line or paragraph separator, private-use, unassigned or unpaired surrogate characters.
     */
    static String username(String username) {
        required(username, "username");
        int length = username.codePointCount(0, username.length());
        if (length == 0 || length > MAX_USERNAME || surroundedBySpace(username)
                || username.codePoints().anyMatch(AdminInput::invisibleOrInvalid)) {
            throw AdminProblems.invalid("The field username must be 1 to " + MAX_USERNAME + " characters without surrounding "
                    + "white space and without control, format, private-use or unpaired surrogate characters.");
        }
        return username;
    }

    private static boolean invisibleOrInvalid(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** White space by any Unicode definition at either end (no-break spaces included). */
    private static boolean surroundedBySpace(String value) {
        int first = value.codePointAt(0);
        int last = value.codePointBefore(value.length());
        return Character.isWhitespace(first) || Character.isSpaceChar(first) || Character.isWhitespace(last)
                || Character.isSpaceChar(last);
    }

    static void subsetOf(Collection<String> values, Collection<String> allowed, String field) {
        if (values.size() > MAX_LIST) {
            throw AdminProblems.invalid("The field " + field + " has more than " + MAX_LIST + " entries.");
        }
        List<String> unknown = values.stream().filter(value -> value == null || !allowed.contains(value))
                .map(String::valueOf).toList();
        if (!unknown.isEmpty()) {
            throw AdminProblems.invalid("The field " + field + " names unknown values " + unknown + "; known: "
                    + allowed.stream().sorted().toList() + ".");
        }
    }
}
