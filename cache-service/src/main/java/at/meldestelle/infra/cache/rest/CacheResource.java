package at.meldestelle.infra.cache.rest;

import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.cache.CacheHit;
import at.meldestelle.infra.shared.cache.CachedValue;
import at.meldestelle.infra.shared.cache.InvalidCacheRequestException;
import at.meldestelle.infra.shared.cache.KeyPattern;
import at.meldestelle.infra.shared.cache.TwoLevelCache;
import at.meldestelle.infra.shared.cache.TwoLevelCaches;
import at.meldestelle.infra.shared.runtime.problem.ProblemResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import at.meldestelle.infra.cache.config.Operations;
import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DESIGN section 8: the REST face of the node's {@link TwoLevelCaches}. */
@Path("/caches/{cache}")
public class CacheResource {

    static final String X_CACHE = "X-Cache";

    private final TwoLevelCaches caches;
    private final ValueMedia media;

    public CacheResource(TwoLevelCaches caches, ObjectMapper json) {
        this.caches = caches;
        this.media = new ValueMedia(json);
    }

    @PermissionsAllowed(Operations.READ)
    @GET
    @Path("entries/{key: .+}")
    public Uni<Response> get(@RestPath String cache, @RestPath String key) {
        return caches.existing(cache).flatMap(found -> found.get(key)).map(hit -> hit == null
                ? ProblemResponses.of(Problem.ofStatus(404, "Cache " + cache + " holds no entry " + key + "."))
                : Response.ok(hit.value().bytes()).header(HttpHeaders.CONTENT_TYPE, hit.value().contentType())
                        .header(X_CACHE, hit.level().name()).build());
    }

    @PermissionsAllowed(Operations.WRITE)
    @PUT
    @Path("entries/{key: .+}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> put(@RestPath String cache, @RestPath String key, @RestQuery String ttl,
                             @RestHeader("Content-Type") String contentType, byte[] body) {
        CachedValue value = new CachedValue(body == null ? new byte[0] : body, ValueMedia.checkedContentType(contentType));
        Duration lifetime = ttl(ttl);
        return caches.forWriting(cache).flatMap(found -> found.put(key, value, lifetime))
                .replaceWith(Response.noContent().build());
    }

    @PermissionsAllowed(Operations.WRITE)
    @DELETE
    @Path("entries/{key: .+}")
    public Uni<Response> delete(@RestPath String cache, @RestPath String key) {
        return caches.existing(cache).flatMap(found -> found.delete(key)).replaceWith(Response.noContent().build());
    }

    @PermissionsAllowed(Operations.READ)
    @POST
    @Path("mget")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<BatchMessages.GetManyResult> getMany(@RestPath String cache, BatchMessages.GetMany request) {
        if (request == null || request.keys() == null) {
            throw new InvalidCacheRequestException("The body names the keys: {\"keys\": [\"...\"]}.");
        }
        List<String> keys = request.keys();
        return caches.existing(cache).flatMap(found -> found.getAll(keys)).map(hits -> {
            Map<String, BatchMessages.Found> entries = new LinkedHashMap<>();
            Set<String> missing = new LinkedHashSet<>();
            for (String key : keys) {
                CacheHit hit = hits.get(key);
                if (hit == null) {
                    missing.add(key);
                } else {
                    entries.put(key, media.found(hit.value(), hit.level().name()));
                }
            }
            return new BatchMessages.GetManyResult(entries, List.copyOf(missing));
        });
    }

    @PermissionsAllowed(Operations.WRITE)
    @POST
    @Path("mset")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> setMany(@RestPath String cache, BatchMessages.SetMany request) {
        if (request == null || request.entries() == null) {
            throw new InvalidCacheRequestException("The body holds the entries: {\"entries\": [{\"key\": \"...\", \"value\": ...}]}.");
        }
        Map<String, CachedValue> values = new LinkedHashMap<>();
        for (BatchMessages.Entry entry : request.entries()) {
            if (entry == null || entry.key() == null) {
                throw new InvalidCacheRequestException("Every entry needs a key.");
            }
            if (values.put(entry.key(), media.fromEntry(entry)) != null) {
                throw new InvalidCacheRequestException("The key " + entry.key() + " appears twice in the batch.");
            }
        }
        Duration lifetime = ttl(request.ttl());
        return caches.forWriting(cache).flatMap(found -> found.putAll(values, lifetime)).replaceWith(Response.noContent().build());
    }

    @PermissionsAllowed(Operations.ADMIN)
    @POST
    @Path("invalidate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<BatchMessages.Invalidated> invalidate(@RestPath String cache, BatchMessages.Invalidate request) {
        if (request == null || request.pattern() == null) {
            throw new InvalidCacheRequestException("The body names the pattern: {\"pattern\": \"member:*\"}.");
        }
        KeyPattern pattern = KeyPattern.of(request.pattern());
        return caches.existing(cache).flatMap(found -> found.invalidate(pattern)).map(BatchMessages.Invalidated::new);
    }

    @PermissionsAllowed(Operations.ADMIN)
    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<CacheStatsView> stats(@RestPath String cache) {
        return caches.existing(cache).map(found -> CacheStatsView.of(found.stats()));
    }

    @PermissionsAllowed(Operations.ADMIN)
    @DELETE
    public Uni<Response> clear(@RestPath String cache) {
        return caches.existing(cache).flatMap(TwoLevelCache::clear).replaceWith(Response.noContent().build());
    }

    /** An ISO-8601 duration such as {@code PT30S}, or null for the cache's default. */
    private static Duration ttl(String ttl) {
        if (ttl == null) {
            return null;
        }
        try {
            return Duration.parse(ttl);
        } catch (DateTimeParseException e) {
            throw new InvalidCacheRequestException("ttl is an ISO-8601 duration such as PT30S or PT10M; '"
                    + (ttl.length() > 40 ? ttl.substring(0, 40) + "..." : ttl) + "' is not.");
        }
    }
}
