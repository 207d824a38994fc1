package at.meldestelle.infra.gateway.proxy;

import at.meldestelle.infra.gateway.config.GatewayConfig;
import at.meldestelle.infra.gateway.headers.HopByHop;
import at.meldestelle.infra.gateway.routing.Exchange;
import at.meldestelle.infra.gateway.routing.RouteFilter;
import at.meldestelle.infra.gateway.routing.RouteFilterFactory;
import at.meldestelle.infra.shared.runtime.problem.ProblemWriter;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.jwt.JsonWebToken;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The end of every route's chain: streams the request to an upstream and its response back
 * (vertx-http-proxy's {@link ProxyRequest}/{@link ProxyResponse}, which never buffer a body whole
 * for HTTP/1.1 clients; hop-by-hop headers are dropped by {@link HopByHop}), through the {@link UpstreamCallDecorator}s. The request line is the
 * normalised path the gateway decided on, never the client's raw one.
 */
@ApplicationScoped
public class ProxyFilter implements RouteFilterFactory {

    private final HttpClient client;
    private final long maxBodyBytes;
    private final List<UpstreamCallDecorator> decorators;
    private final UpstreamFailures failures;
    private final WebSocketTunnel tunnels;
    private final InstanceHealth health;
    private final Vertx vertx;

    public ProxyFilter(GatewayConfig config, Vertx vertx, ProblemWriter problems, InstanceHealth health,
                       @All List<UpstreamCallDecorator> decorators) {
        this.health = health;
        this.vertx = vertx;
        // One pooled client for all upstreams; Vert.x's default of 5 connections per host is too few for a gateway.
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200).setKeepAlive(true));
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.decorators = decorators.stream().sorted(Comparator.comparingInt(UpstreamCallDecorator::order)).toList();
        this.failures = new UpstreamFailures(problems);
        this.tunnels = new WebSocketTunnel(vertx);
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
        tunnels.close();
    }

    @Override
    public int order() {
        return Order.PROXY;
    }

    @Override
    public Optional<RouteFilter> create(GatewayConfig.Route route) {
        if (route.timeout().toMillis() <= 0 || route.idleTimeout().isNegative()) {
            throw new IllegalArgumentException("gateway.routes " + route.id() + ": timeout must be positive, idle-timeout 0 or more");
        }
        StorkOrigin origin = new StorkOrigin(route, client, health, vertx);
        UpstreamCall call = origin;
        for (UpstreamCallDecorator decorator : decorators) {
            call = decorator.decorate(route, call);
        }
        UpstreamCall upstream = call;
        return Optional.of(exchange -> forward(exchange, upstream, origin));
    }

    private void forward(Exchange exchange, UpstreamCall upstream, StorkOrigin origin) {
        RoutingContext ctx = exchange.context();
        GatewayConfig.Route route = exchange.route();
        ProxyRequest request = ProxyRequest.reverseProxy(ctx.request());
        String prefixPath = route.prefixPath().orElse("");
        request.setURI(exchange.path().upstreamUri(route.stripPrefix(), prefixPath));
        Forwarding forwarding = new Forwarding(request, route, maxBodyBytes);
        if (route.websocket() && exchange.webSocketUpgrade()) {
            tunnels.open(forwarding, origin, tokenExpiry(exchange)).onFailure(failure -> failures.answer(ctx, forwarding, failure));
            return;
        }
        String strippedPrefix = exchange.path().strippedPrefix(route.stripPrefix());
        upstream.send(forwarding).onComplete(result -> {
            if (result.succeeded()) {
                respond(ctx, forwarding, result.result(), strippedPrefix, prefixPath);
            } else {
                failures.answer(ctx, forwarding, result.cause());
            }
        });
    }

    /** When the caller's token expires; a tunnel must not outlive it. Null for an anonymous caller. */
    private static Instant tokenExpiry(Exchange exchange) {
        return exchange.caller() != null && exchange.caller().getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
    }

    private void respond(RoutingContext ctx, Forwarding forwarding, ProxyResponse response, String strippedPrefix,
                         String prefixPath) {
        String location = response.headers().get("Location");
        if (location != null) {
            HttpServerRequest client = forwarding.request().proxiedRequest();
            String gateway = client.authority() == null ? null : client.authority().toString();
            response.putHeader("Location", LocationHeader.toGateway(location, strippedPrefix, prefixPath, client.scheme(), gateway,
                    forwarding.upstreamAuthority()));
        }
        HopByHop.removeFromAnswer(response.headers());
        // A client that left makes the relay fail, and vertx-http-proxy then resets the upstream request.
        try {
            response.send();
        } catch (IllegalStateException upstreamEnded) {
            // The upstream's connection failed between its answer's head and this relay. send() has
            // copied the upstream's headers (Content-Length among them) onto the unsent answer.
            if (!ctx.response().headWritten()) {
                ctx.response().headers().clear();
                ctx.response().setStatusMessage("Bad Gateway"); // send() set the upstream's reason phrase
            }
            failures.answer(ctx, forwarding, upstreamEnded);
        }
    }
}
