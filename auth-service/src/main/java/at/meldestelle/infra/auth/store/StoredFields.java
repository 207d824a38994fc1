package at.meldestelle.infra.auth.store;

import at.meldestelle.infra.shared.redis.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How the auth records (users, clients, roles) keep their fields in Redis hashes. */
public final class StoredFields {

    private static final LuaScript UPDATE = LuaScript.fromResource("/lua/hash-update.lua");

    private StoredFields() {
    }

    /** A list field: comma-separated (its entries are checked names without commas). */
    public static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    public static String join(Iterable<String> values) {
        return String.join(",", values);
    }

    /**
     * Sets only the given fields, and only while the record exists: concurrent changes of other
     * fields are not overwritten with what was read before, and a deleted record does not come back.
     * True when it existed.
     */
    public static Uni<Boolean> update(ReactiveRedisDataSource redis, String key, Map<String, String> fields) {
        List<String> args = new ArrayList<>();
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return UPDATE.run(redis, List.of(key), args).map(response -> response.toInteger() == 1);
    }
}
