package at.meldestelle.infra.shared.clients.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The version an append expects the stream to be at: the optimistic concurrency check. */
public final class ExpectedVersion {

    public static final ExpectedVersion ANY = new ExpectedVersion(JsonNodeFactory.instance.textNode("any"));
    public static final ExpectedVersion NO_STREAM = new ExpectedVersion(JsonNodeFactory.instance.textNode("no_stream"));
    public static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(JsonNodeFactory.instance.textNode("stream_exists"));

    private final JsonNode json;

    private ExpectedVersion(JsonNode json) {
        this.json = json;
    }

    /** Exactly this version (0: the stream has no events). */
    public static ExpectedVersion exactly(long version) {
        return new ExpectedVersion(JsonNodeFactory.instance.numberNode(version));
    }

    JsonNode json() {
        return json;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
