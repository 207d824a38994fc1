package at.meldestelle.infra.cache.rest;

import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/** Values between the REST API and the cache: media types checked, JSON and base64 in batches. */
final class ValueMedia {

    private static final String JSON = "application/json";
    private static final int MAX_CONTENT_TYPE = 200;

    private final ObjectMapper json;

    ValueMedia(ObjectMapper json) {
        this.json = json;
    }

    /** The media type as given (it is returned as it came), if it is one line of printable ASCII. */
    static String checkedContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return CachedValue.DEFAULT_CONTENT_TYPE;
        }
        if (contentType.length() > MAX_CONTENT_TYPE || !contentType.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidCacheRequestException("A Content-Type has at most " + MAX_CONTENT_TYPE + " printable ASCII characters.");
        }
        try {
            // Parsed as the response will parse it: a value stored with a type it cannot send back would fail every read.
            MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new InvalidCacheRequestException("'" + contentType + "' is not a media type (type/subtype).");
        }
        return contentType;
    }

    CachedValue fromEntry(BatchMessages.Entry entry) {
        if (entry.value() != null && entry.base64() != null) {
            throw new InvalidCacheRequestException("Entry " + entry.key() + " has both value and base64; give one.");
        }
        if (entry.base64() != null) {
            String contentType = checkedContentType(entry.contentType());
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.base64());
            } catch (IllegalArgumentException e) {
                throw new InvalidCacheRequestException("Entry " + entry.key() + ": base64 is not valid base64.");
            }
            return new CachedValue(bytes, contentType);
        }
        if (entry.value() == null) {
            throw new InvalidCacheRequestException("Entry " + entry.key() + " has neither value nor base64.");
        }
        try {
            return new CachedValue(json.writeValueAsBytes(entry.value()), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON value could not be written again", e);
        }
    }

    BatchMessages.Found found(CachedValue value, String level) {
        if (isJson(value.contentType())) {
            try {
                JsonNode parsed = json.readTree(value.bytes());
                if (parsed != null) {
                    return new BatchMessages.Found(level, value.contentType(), parsed, null);
                }
            } catch (IOException e) {
                // Labelled JSON but is not: handed back as bytes, as stored.
            }
        }
        return new BatchMessages.Found(level, value.contentType(), null, Base64.getEncoder().encodeToString(value.bytes()));
    }

    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String essence = (parameters < 0 ? type : type.substring(0, parameters)).trim();
        return essence.equals(JSON) || essence.endsWith("+json");
    }
}
