package at.meldestelle.infra.shared.cache;

/** A value over the cache's {@code max-value-bytes} (a 413). */
public class ValueTooLargeException extends InvalidCacheRequestException {

    private final int limit;

    public ValueTooLargeException(String key, long size, int limit) {
        super("The value of " + key + " has " + size + " bytes; this cache takes at most " + limit + ".");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
