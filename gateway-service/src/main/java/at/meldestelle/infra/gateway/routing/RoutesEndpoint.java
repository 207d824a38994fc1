package at.meldestelle.infra.gateway.routing;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.resilience.CircuitBreakers;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.stork.Stork;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * {@code GET /q/gateway/routes} on the management port (never the public one), for callers with
 * the admin role (application.yaml, {@code quarkus.management.auth}): each route's settings, the
 * instances Stork knows for its upstream, the state of the upstream's circuit, and how the last
 * change of the routes file went.
 */
@ApplicationScoped
public class RoutesEndpoint {

    private final RouteTable table;
    private final RoutesFile file;
    private final RoutesReloader reloader;
    private final CircuitBreakers breakers;

    public RoutesEndpoint(RouteTable table, RoutesFile file, RoutesReloader reloader, CircuitBreakers breakers) {
        this.table = table;
        this.file = file;
        this.reloader = reloader;
        this.breakers = breakers;
    }

    void register(@Observes ManagementInterface management) {
        management.router().get("/q/gateway/routes").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        List<Future<JsonObject>> routes = table.routes().stream().map(route -> describe(route.config())).toList();
        Future.all(routes).onComplete(done -> {
            JsonArray array = new JsonArray();
            routes.forEach(route -> array.add(route.result()));
            JsonObject body = new JsonObject().put("routes", array);
            file.path().ifPresent(path -> body.put("routesFile", reloadState(path.toString())));
            ctx.response().putHeader("Content-Type", "application/json").end(body.encodePrettily());
        });
    }

    private JsonObject reloadState(String path) {
        JsonObject state = new JsonObject().put("path", path);
        reloader.last().ifPresent(last -> state.put("lastChange", new JsonObject()
                .put("at", last.at().toString())
                .put("applied", last.applied())
                .put("error", last.error())));
        return state;
    }

    private Future<JsonObject> describe(GatewayConfig.Route route) {
        JsonObject json = new JsonObject()
                .put("id", route.id())
                .put("path", route.path())
                .put("methods", route.methods().orElse(List.of()))
                .put("hosts", route.hosts().orElse(List.of()))
                .put("upstream", route.upstream())
                .put("stripPrefix", route.stripPrefix())
                .put("prefixPath", route.prefixPath().orElse(null))
                .put("public", route.isPublic())
                .put("roles", route.roles().orElse(List.of()))
                .put("permissions", route.permissions().orElse(List.of()))
                .put("timeout", route.timeout().toString())
                .put("idleTimeout", route.idleTimeout().toString())
                .put("retries", route.retries())
                .put("circuit", String.valueOf(breakers.states().getOrDefault(route.upstream(), null)));
        route.rateLimit().ifPresent(limit -> json.put("rateLimit", new JsonObject()
                .put("capacity", limit.capacity()).put("refillPerSecond", limit.refillPerSecond())
                .put("key", limit.key().name().toLowerCase())));
        try {
            return Future.fromCompletionStage(Stork.getInstance().getService(route.upstream()).getInstances()
                            .subscribeAsCompletionStage())
                    .map(instances -> json.put("instances", new JsonArray(instances.stream()
                            .map(instance -> instance.getHost() + ":" + instance.getPort()).toList())))
                    .otherwise(failure -> json.put("instances", new JsonArray()).put("instancesError", String.valueOf(failure.getMessage())));
        } catch (RuntimeException e) {
            return Future.succeededFuture(json.put("instances", new JsonArray()).put("instancesError", e.getMessage()));
        }
    }
}
