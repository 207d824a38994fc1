package at.meldestelle.infra.auth.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The form of a token request (RFC 6749 section 3.2, {@code application/x-www-form-urlencoded}),
 * parsed here rather than by the framework: the framework decoded it after choosing the method and
 * threw on the event loop for {@code %%%}, {@code x=%zz} or an unknown charset, leaving the
 * connection unanswered. Every malformed or oversized form is an {@code invalid_request}.
 */
public final class TokenRequestForm {

    /** Longest parameter name or value, decoded; secrets and tokens are far shorter. */
    public static final int MAX_FIELD_CHARS = 4096;
    private static final int MAX_FIELDS = 32;

    private final Map<String, String> fields;

    private TokenRequestForm(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The parameter's value, or null when it was not sent. */
    public String get(String name) {
        return fields.get(name);
    }

    /**
     * @param body        the raw request body
     * @param contentType the request's Content-Type; its charset parameter, when present, must name
     *                    UTF-8, US-ASCII or ISO-8859-1 (what form encoders send)
     */
    public static TokenRequestForm parse(byte[] body, String contentType) {
        Charset charset = charsetOf(contentType);
        String text = new String(body, StandardCharsets.ISO_8859_1); // percent-encoded forms are ASCII
        Map<String, String> fields = new HashMap<>();
        if (text.isEmpty()) {
            return new TokenRequestForm(fields);
        }
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (fields.size() == MAX_FIELDS) {
                throw OAuthError.invalidRequest("The form has more than " + MAX_FIELDS + " parameters.");
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), charset);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), charset);
            if (fields.putIfAbsent(name, value) != null) {
                throw OAuthError.invalidRequest("The parameter " + printable(name) + " is sent more than once (RFC 6749 section 3.2).");
            }
        }
        return new TokenRequestForm(fields);
    }

    private static String decode(String encoded, Charset charset) {
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw OAuthError.invalidRequest("The form is not valid application/x-www-form-urlencoded: "
                            + "'%' must be followed by two hexadecimal digits.");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw OAuthError.invalidRequest("The form is not valid application/x-www-form-urlencoded: "
                        + "characters outside printable ASCII must be percent-encoded.");
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String decoded;
        try {
            decoded = decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("A form parameter is not valid " + charset.name() + ".");
        }
        if (decoded.length() > MAX_FIELD_CHARS) {
            throw OAuthError.invalidRequest("A form parameter is longer than " + MAX_FIELD_CHARS + " characters.");
        }
        return decoded;
    }

    private static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : contentType.split(";")) {
            String[] nameValue = parameter.trim().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].trim().equalsIgnoreCase("charset")) {
                String name = nameValue[1].trim().replace("\"", "").toUpperCase(Locale.ROOT);
                switch (name) {
                    case "UTF-8", "UTF8" -> {
                        return StandardCharsets.UTF_8;
                    }
                    case "US-ASCII", "ASCII" -> {
                        return StandardCharsets.US_ASCII;
                    }
                    case "ISO-8859-1", "LATIN1" -> {
                        return StandardCharsets.ISO_8859_1;
                    }
                    default -> throw OAuthError.invalidRequest("The charset " + printable(name)
                            + " is not supported for token requests; send UTF-8.");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** A name for an error message: short and without control characters. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
