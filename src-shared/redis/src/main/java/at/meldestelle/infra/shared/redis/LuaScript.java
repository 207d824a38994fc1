package at.meldestelle.infra.shared.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA1 ({@code EVALSHA}), loaded with {@code EVAL} when the server does not
 * know it yet (first call, restart, failover). The Quarkus data source has no scripting group, so
 * the two commands are sent as they are.
 */
public final class LuaScript {

    private final String source;
    private final String sha1;

    private LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1Hex(source);
    }

    /** Reads a script from the class path (e.g. {@code /lua/append.lua}). */
    public static LuaScript fromResource(String path) {
        return new LuaScript(read(path));
    }

    /**
     * One script made of several class-path files, in order: helper functions that several scripts
     * share go in a file of their own, prepended to each script that uses them.
     */
    public static LuaScript fromResources(String... paths) {
        StringBuilder source = new StringBuilder();
        for (String path : paths) {
            source.append(read(path)).append('\n');
        }
        return new LuaScript(source.toString());
    }

    private static String read(String path) {
        try (var in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No Lua script at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Lua script " + path + " could not be read", e);
        }
    }

    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", arguments(sha1, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", arguments(source, keys, args)));
    }

    /**
     * For scripts that take binary arguments (values of any bytes), which the data source's
     * string-only {@code execute} would mangle.
     */
    public Uni<Response> run(Redis redis, List<String> keys, List<byte[]> args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    private static Request request(Command command, String scriptOrSha, List<String> keys, List<byte[]> args) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static String[] arguments(String scriptOrSha, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(scriptOrSha);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
