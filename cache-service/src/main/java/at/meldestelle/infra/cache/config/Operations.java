package at.meldestelle.infra.cache.config;

/**
 * The operations a caller may be allowed, each needing the permission that
 * {@code meldestelle.security.operations.<operation>} names (src-shared/security); ADMIN may do all.
 */
public final class Operations {

    /** Read entries, alone or in batches. */
    public static final String READ = "cache.read";
    /** Write and delete entries, alone or in batches. */
    public static final String WRITE = "cache.write";
    /** Invalidate by pattern, clear a cache, read its statistics. */
    public static final String ADMIN = "cache.admin";

    private Operations() {
    }
}
