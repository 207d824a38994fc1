package at.meldestelle.infra.shared.cache;

/** A cache name, key, pattern, TTL or batch the cache does not take; the message says why (a 400). */
public class InvalidCacheRequestException extends IllegalArgumentException {

    public InvalidCacheRequestException(String message) {
        super(message);
    }
}
