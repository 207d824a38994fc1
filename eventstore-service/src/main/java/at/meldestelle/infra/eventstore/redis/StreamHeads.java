package at.meldestelle.infra.eventstore.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The last known version and chain head of recently written streams. An append computes its chain
 * hashes from it; when it is stale (another instance appended, or it was never known), the script
 * answers the real head and the append is computed again. A miss costs one round trip, never a
 * wrong hash.
 */
@ApplicationScoped
public class StreamHeads {

    /** A stream's version and the chain hash of its last event. */
    record Head(long version, String chain) {
    }

    private static final Head NONE = new Head(0, at.meldestelle.infra.eventstore.stream.ChainHash.NONE);

    private final Cache<String, Head> heads = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    /** The cached head, or that of a new stream (right for a first append, corrected by the script otherwise). */
    Head get(String stream) {
        Head head = heads.getIfPresent(stream);
        return head == null ? NONE : head;
    }

    void put(String stream, Head head) {
        heads.put(stream, head);
    }
}
