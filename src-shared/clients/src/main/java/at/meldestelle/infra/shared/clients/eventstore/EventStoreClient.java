package at.meldestelle.infra.shared.clients.eventstore;

import at.meldestelle.infra.shared.api.event.EventEnvelope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The event store over HTTP, for business services: appends, reads, stream info, and subscriptions
 * that resume where they left off when the connection drops. Every call is a Mutiny {@link Uni} or
 * {@link Multi}; a problem answer fails it with an {@link EventStoreException}.
 */
public final class EventStoreClient {

    private static final int PAGE = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);
    private static final int SUBSCRIPTION_IDLE_SECONDS = 45;
    private static final int MAX_SUBSCRIPTIONS = 10_000;

    private final WebClient web;
    private final HttpClient http;
    private final URI base;
    private final Supplier<String> bearerToken;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventStoreClient(WebClient web, HttpClient http, URI base, Supplier<String> bearerToken) {
        this.web = web;
        this.http = http;
        this.base = base;
        this.bearerToken = bearerToken;
    }

    /** @param baseUrl the event store, e.g. {@code http://eventstore-service:8082} */
    public static EventStoreClient create(Vertx vertx, String baseUrl) {
        URI base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (base.getHost() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
            throw new IllegalArgumentException("The event store's base URL is http(s)://host[:port], not " + baseUrl);
        }
        // Subscriptions hold their connection for as long as they run: a pool of their own, not the
        // default five, and an idle timeout well above the server's 15 s keepalive, so that a connection
        // that died without a close is noticed and opened again.
        HttpClient subscriptions = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(SUBSCRIPTION_IDLE_SECONDS),
                new PoolOptions().setHttp1MaxSize(MAX_SUBSCRIPTIONS));
        return new EventStoreClient(WebClient.create(vertx), subscriptions, base, null);
    }

    /** The same client, sending {@code Authorization: Bearer <token>} with every request (e.g. through the gateway). */
    public EventStoreClient withBearerToken(Supplier<String> token) {
        return new EventStoreClient(web, http, base, token);
    }

    public Uni<AppendResult> append(String stream, ExpectedVersion expected, List<NewEvent> events) {
        ObjectNode body = json.createObjectNode();
        body.set("expectedVersion", expected.json());
        ArrayNode array = body.putArray("events");
        events.forEach(event -> array.add(json.valueToTree(event)));
        return request(HttpMethod.POST, "/streams/" + encode(stream) + "/events")
                .sendBuffer(Buffer.buffer(body.toString()))
                .map(response -> expect(response, 201, AppendResult.class));
    }

    /** Up to {@code limit} events from version {@code from} on (fewer when the page's byte budget is reached). */
    public Uni<List<EventEnvelope>> read(String stream, long from, int limit) {
        return request(HttpMethod.GET, "/streams/" + encode(stream) + "/events?from=" + from + "&limit=" + limit)
                .send()
                .map(response -> expect(response, 200, new TypeReference<List<EventEnvelope>>() { }));
    }

    /** Every event of the stream, page by page. */
    public Multi<EventEnvelope> readAll(String stream) {
        return Multi.createBy().repeating()
                .uni(() -> new long[]{1}, next -> read(stream, next[0], PAGE).invoke(page -> {
                    if (!page.isEmpty()) {
                        next[0] = page.get(page.size() - 1).version() + 1;
                    }
                }))
                .until(List::isEmpty)
                .onItem().transformToIterable(page -> page);
    }

    public Uni<StreamInfo> info(String stream) {
        return request(HttpMethod.GET, "/streams/" + encode(stream)).send().map(response -> expect(response, 200, StreamInfo.class));
    }

    /**
     * The stream's events from version {@code from} on, then live. A dropped connection is opened
     * again after the last event received, with growing pauses; the stream's hard deletion ends it,
     * a problem at the start (400, 404, 410) fails it.
     */
    public Multi<EventEnvelope> subscribe(String stream, long from) {
        String path = "/streams/" + encode(stream) + "/subscribe?from=" + from;
        return resuming(path, frame -> frame.id() != null && frame.event() == null);
    }

    /** All events of a category, from its start, then live; resumes from the last checkpoint after a dropped connection. */
    public Multi<EventEnvelope> subscribeToCategory(String category) {
        return resuming("/categories/" + encode(category) + "/subscribe", frame -> frame.id() != null);
    }

    /** Each subscriber of the returned Multi has its own connection and its own place to resume from. */
    private Multi<EventEnvelope> resuming(String path, java.util.function.Predicate<SseFrame> carriesPosition) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<String> lastEventId = new AtomicReference<>();
            return Multi.createFrom().deferred(() -> connect(path, lastEventId.get()))
                    .onCompletion().failWith(ConnectionEnded::new)
                    .onFailure(failure -> !(failure instanceof EventStoreException))
                    .retry().withBackOff(FIRST_RETRY, LAST_RETRY).indefinitely()
                    // Ends the subscription without a failure; the cancellation closes the connection.
                    .select().first(frame -> !"deleted".equals(frame.event()))
                    .map(frame -> {
                        EventEnvelope event = frame.event() == null ? parse(frame.data(), EventEnvelope.class) : null;
                        // Only once the event is in hand: a reconnect must not skip one that failed to parse.
                        if (carriesPosition.test(frame)) {
                            lastEventId.set(frame.id());
                        }
                        return java.util.Optional.ofNullable(event);
                    })
                    .select().where(java.util.Optional::isPresent)
                    .map(java.util.Optional::get);
        });
    }

    private Multi<SseFrame> connect(String path, String lastEventId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(port())
                .setSsl(base.getScheme().equals("https")).setURI(base.getRawPath() + path)
                .putHeader("Accept", "text/event-stream");
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        if (bearerToken != null) {
            options.putHeader("Authorization", "Bearer " + bearerToken.get());
        }
        SseParser parser = new SseParser();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        return http.request(options).invoke(sent::set).flatMap(HttpClientRequest::send)
                .onItem().transformToMulti(response -> {
                    if (response.statusCode() != 200) {
                        return failed(response);
                    }
                    return response.toMulti().onItem().transformToIterable(parser::feed);
                })
                // A cancelled subscription closes its connection, so the server lets it go at once.
                .onCancellation().invoke(() -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                });
    }

    private Multi<SseFrame> failed(HttpClientResponse response) {
        return response.body().onItem().transformToMulti(body -> {
            EventStoreException problem = new EventStoreException(response.statusCode(), problem(body.toString()));
            // A store that is starting or overloaded is waited for, like a dropped connection.
            return Multi.createFrom().failure(response.statusCode() >= 500 ? new ConnectionEnded() : problem);
        });
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path) {
        HttpRequest<Buffer> request = web.request(method, port(), base.getHost(), base.getRawPath() + path)
                .ssl(base.getScheme().equals("https"))
                .putHeader("Accept", "application/json")
                .putHeader("Content-Type", "application/json");
        if (bearerToken != null) {
            request.bearerTokenAuthentication(bearerToken.get());
        }
        return request;
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
    }

    private <T> T expect(HttpResponse<Buffer> response, int status, Class<T> type) {
        return expect(response, status, json.getTypeFactory().constructType(type));
    }

    private <T> T expect(HttpResponse<Buffer> response, int status, TypeReference<T> type) {
        return expect(response, status, json.getTypeFactory().constructType(type));
    }

    private <T> T expect(HttpResponse<Buffer> response, int status, JavaType type) {
        if (response.statusCode() != status) {
            throw new EventStoreException(response.statusCode(), problem(response.bodyAsString()));
        }
        return parse(response.bodyAsString(), type);
    }

    private <T> T parse(String body, Class<T> type) {
        return parse(body, json.getTypeFactory().constructType(type));
    }

    private <T> T parse(String body, JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The event store answered JSON this client cannot read", e);
        }
    }

    private JsonNode problem(String body) {
        try {
            return body == null || body.isEmpty() ? json.createObjectNode() : json.readTree(body);
        } catch (JsonProcessingException e) {
            return json.createObjectNode().put("detail", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The server ended the event stream: open it again. */
    private static final class ConnectionEnded extends RuntimeException {
        ConnectionEnded() {
            super("The subscription's connection ended", null, false, false);
        }
    }
}
