package at.meldestelle.infra.eventstore.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Walks a stream's stored events in version order and recomputes each content hash and chain
 * link, starting from the chain base (the chain hash of the event before the oldest kept one).
 * Fed page by page; stops at the first broken link.
 */
public final class ChainVerifier {

    private final String stream;
    private final ObjectMapper json;
    private String previous;
    private long expectedVersion;
    private long checked;
    private Long first;
    private Long last;
    private ChainReport broken;

    /** @param base the chain base, or {@link ChainHash#NONE} when no event was ever removed */
    public ChainVerifier(String stream, String base, ObjectMapper json) {
        this.stream = stream;
        this.json = json;
        this.previous = base;
    }

    /** False once a link is broken: the rest need not be read. */
    public boolean accept(StoredEvent event) {
        if (broken != null) {
            return false;
        }
        if (first == null && previous.equals(ChainHash.NONE) && event.version() != 1) {
            return fail(event.version(), "events before version " + event.version() + " are gone, and no chain base says what they were");
        }
        if (first != null && event.version() != expectedVersion) {
            return fail(expectedVersion, "version " + expectedVersion + " is missing");
        }
        if (event.chainHash() == null || event.contentHash() == null) {
            return fail(event.version(), "no hashes are stored with it");
        }
        if (!contentHash(event).equals(event.contentHash())) {
            return fail(event.version(), "its content does not match its content hash");
        }
        String link = ChainHash.next(previous, event.version(), event.eventId(), event.contentHash());
        if (!link.equals(event.chainHash())) {
            return fail(event.version(), "its chain hash does not follow from its predecessor's");
        }
        previous = link;
        first = first == null ? event.version() : first;
        last = event.version();
        expectedVersion = event.version() + 1;
        checked++;
        return true;
    }

    /** An event beyond the stream's stored version, still there after an append could have explained it. */
    public ChainReport notAppendedByTheStore(StoredEvent event, long version) {
        fail(event.version(), "it is beyond the stream's version " + version + ": it was not appended by the store");
        return broken;
    }

    /** The report, given the stream's head: the chain hash of the last event ever appended. */
    public ChainReport report(String head, long version) {
        if (broken != null) {
            return broken;
        }
        if (!previous.equals(head)) {
            fail(last == null ? version : last + 1, "the stream's head does not follow from its events: events after version "
                    + (last == null ? "(none)" : last) + " were removed or altered");
            return broken;
        }
        return new ChainReport(stream, true, checked, first, last, null, null);
    }

    private String contentHash(StoredEvent event) {
        try {
            return ContentHash.of(event.type(), event.schemaVersion(), json.readTree(event.data()), json.readTree(event.metadata()));
        } catch (JsonProcessingException e) {
            return "unreadable";
        }
    }

    private boolean fail(long version, String reason) {
        broken = new ChainReport(stream, false, checked, first, last, version, "Version " + version + ": " + reason + ".");
        return false;
    }
}
