package at.meldestelle.infra.shared.messaging;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/**
 * The CloudEvents a consumer group has processed, remembered in Redis for a while, so that a record
 * delivered again (a rebalance, a restart before the offset was committed, a producer retry, a
 * replayed dead letter already handled) is not processed twice. One key per event:
 * {@code messaging:processed:<group>:<length of source>:<source>:<id>}; the source is part of it, so
 * equal ids from two sources stay apart, and its length, so no source/id split reads as another.
 * <p>
 * Remembered after processing, not before: a consumer that dies in between processes the event
 * again (at-least-once), it never loses it. Not a CDI bean, so that a service without Redis can
 * take the messaging kit without the Redis client.
 */
public final class ProcessedEvents {

    private final ReactiveValueCommands<String, String> values;
    private final String group;
    private final Duration remember;

    /**
     * @param group    the consumer group whose processing this records
     * @param remember how long an event counts as processed: at least the longest time after which
     *                 the same record may come again (topic retention, replays)
     */
    public ProcessedEvents(ReactiveRedisDataSource redis, String group, Duration remember) {
        this.values = redis.value(String.class);
        this.group = group;
        this.remember = remember;
    }

    public Uni<Boolean> contains(IncomingEvent event) {
        return values.get(key(event)).map(found -> found != null);
    }

    public Uni<Void> add(IncomingEvent event) {
        return values.set(key(event), event.topic() + "/" + event.partition() + "/" + event.offset(),
                new SetArgs().px(remember));
    }

    String key(IncomingEvent event) {
        return "messaging:processed:" + group + ":" + event.source().length() + ":" + event.source() + ":" + event.id();
    }
}
