package at.meldestelle.infra.shared.cache;

/**
 * Redis did not answer in time or failed, so the cache could not do what was asked (a 503). A write
 * that ends with this exception may or may not have reached Redis; this node's L1 has dropped the
 * key either way, so a retry is always safe.
 */
public class CacheUnavailableException extends RuntimeException {

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
