package at.meldestelle.infra.shared.cache;

/** No cache of that name exists, and this call may not create one (a 404). */
public class UnknownCacheException extends RuntimeException {

    public UnknownCacheException(String name) {
        super("There is no cache named " + name + ".");
    }
}
