package at.meldestelle.infra.shared.cache;

/**
 * A cached value: opaque bytes and the media type they were stored with (returned as it was given).
 * The array is not copied; callers must not change it once it is handed over.
 */
public record CachedValue(byte[] bytes, String contentType) {

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public CachedValue {
        if (bytes == null) {
            throw new IllegalArgumentException("A cached value needs bytes (may be empty)");
        }
        if (contentType == null || contentType.isBlank()) {
            contentType = DEFAULT_CONTENT_TYPE;
        }
    }
}
