package at.meldestelle.infra.eventstore.store;

import at.meldestelle.infra.eventstore.stream.AppendResult;
import at.meldestelle.infra.eventstore.stream.StreamName;

/**
 * Told of every append that stored events, on the thread that completed it (the event loop: do not
 * block). Beans implementing it are found by CDI; the forwarder uses it to start at once instead of
 * waiting for its sweep.
 */
public interface AppendListener {

    void appended(StreamName stream, int partition, AppendResult result);
}
