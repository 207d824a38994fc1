package at.meldestelle.infra.eventstore.store;

/** A read of something that belongs to a stream: found, not there (never, or soft-deleted), or tombstoned. */
public sealed interface Lookup<T> {

    /** The found value transformed; not-found and tombstoned stay what they are. */
    default <R> Lookup<R> map(java.util.function.Function<T, R> transform) {
        if (this instanceof Found<T> found) {
            return new Found<>(transform.apply(found.value()));
        }
        if (this instanceof NotFound<T> notFound) {
            return new NotFound<>(notFound.softDeleted());
        }
        return new Tombstoned<>();
    }

    record Found<T>(T value) implements Lookup<T> {
    }

    record NotFound<T>(boolean softDeleted) implements Lookup<T> {
    }

    record Tombstoned<T>() implements Lookup<T> {
    }
}
