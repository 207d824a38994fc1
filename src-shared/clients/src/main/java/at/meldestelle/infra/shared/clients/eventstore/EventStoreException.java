package at.meldestelle.infra.shared.clients.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The event store answered with a problem (RFC 9457); {@link #problem()} holds all of its members. */
public class EventStoreException extends RuntimeException {

    private final int status;
    private final JsonNode problem;

    EventStoreException(int status, JsonNode problem) {
        super(status + " " + problem.path("title").asText("") + ": " + problem.path("detail").asText(""));
        this.status = status;
        this.problem = problem == null ? JsonNodeFactory.instance.objectNode() : problem;
    }

    public int status() {
        return status;
    }

    /** The problem's {@code type} URI, {@code about:blank} for a plain status. */
    public String type() {
        return problem.path("type").asText("about:blank");
    }

    public JsonNode problem() {
        return problem;
    }

    /** The stream's version when the store refused the append for a wrong expected version; -1 otherwise. */
    public long currentVersion() {
        return problem.path("currentVersion").asLong(-1);
    }

    /** True for a 409 wrong-expected-version: read the stream again, decide again, append with the new version. */
    public boolean isWrongExpectedVersion() {
        return status == 409 && type().endsWith("/wrong-expected-version");
    }
}
