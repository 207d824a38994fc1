package at.meldestelle.infra.eventstore.store;

/** A stream's version and the ends of its hash chain: where a verification starts and must end. */
public record ChainState(long version, String head, String base) {
}
