package at.meldestelle.infra.eventstore.store;

/** A read of something that belongs to a stream: found, not there (never, or soft-deleted), or tombstoned. */
public sealed interface Lookup<T> {

    record Found<T>(T value) implements Lookup<T> {
    }

    record NotFound<T>(boolean softDeleted) implements Lookup<T> {
    }

    record Tombstoned<T>() implements Lookup<T> {
    }
}
