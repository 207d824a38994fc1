package at.meldestelle.infra.cache.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The JSON bodies of the batch and invalidation calls. */
final class BatchMessages {

    private BatchMessages() {
    }

    record GetMany(List<String> keys) {
    }

    /**
     * One entry to store: {@code value} (any JSON, stored as application/json) or {@code base64}
     * with {@code contentType} (any bytes).
     */
    record Entry(String key, JsonNode value, String base64, String contentType) {
    }

    record SetMany(List<Entry> entries, String ttl) {
    }

    /** A found entry: {@code value} for JSON, {@code base64} for anything else. */
    record Found(String level, String contentType, JsonNode value, String base64) {
    }

    record GetManyResult(Map<String, Found> entries, List<String> missing) {
    }

    record Invalidate(String pattern) {
    }

    record Invalidated(long invalidated) {
    }
}
