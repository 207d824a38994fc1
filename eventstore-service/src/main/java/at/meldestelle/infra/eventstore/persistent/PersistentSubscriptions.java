package at.meldestelle.infra.eventstore.persistent;

import at.meldestelle.infra.eventstore.redis.RedisGroupStore;
import at.meldestelle.infra.eventstore.upcast.Upcasters;
import at.meldestelle.infra.shared.api.problem.Problem;
import at.meldestelle.infra.shared.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Function;

/** Persistent subscriptions: competing consumers of one category, with ack, nack, parking and replay. */
@ApplicationScoped
public class PersistentSubscriptions {

    private final RedisGroupStore groups;
    private final Upcasters upcasters;

    public PersistentSubscriptions(RedisGroupStore groups, Upcasters upcasters) {
        this.groups = groups;
        this.upcasters = upcasters;
    }

    public int partitions() {
        return groups.partitions();
    }

    /** Creates the subscription; true when it is new, false when an identical one exists. 409 when a different one does. */
    public Uni<Boolean> create(GroupSettings settings) {
        return groups.create(settings).map(existing -> {
            if (existing.isPresent() && !existing.get().equals(settings)) {
                throw new ProblemException(Problem.ofStatus(409, "Subscription " + settings.group() + " exists with other "
                        + "settings: delete it first to change them.").with("existing", existing.get()));
            }
            return existing.isEmpty();
        });
    }

    public Uni<GroupSettings> settings(String group) {
        return groups.settings(group).map(found -> found.orElseThrow(() -> new ProblemException(
                Problem.ofStatus(404, "There is no subscription " + group + "."))));
    }

    public Uni<Void> delete(String group) {
        return settings(group).flatMap(groups::delete);
    }

    public Uni<List<Delivery>> read(String group, String consumer, int max) {
        return with(group, settings -> groups.read(settings, consumer, max)).map(this::upcast);
    }

    public Uni<Integer> ack(String group, List<AckId> ids) {
        return with(group, settings -> groups.ack(settings, ids));
    }

    public Uni<Integer> retry(String group, List<AckId> ids) {
        return with(group, settings -> groups.retry(settings, ids));
    }

    public Uni<Integer> park(String group, List<AckId> ids, String reason) {
        return with(group, settings -> groups.park(settings, ids, reason));
    }

    public Uni<List<Delivery>> parked(String group, int limit) {
        return with(group, settings -> groups.parked(settings, limit)).map(this::upcast);
    }

    public Uni<Integer> replay(String group) {
        return with(group, groups::replay);
    }

    private List<Delivery> upcast(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> d.event() == null ? d
                : new Delivery(d.ackId(), d.deliveries(), d.reason(), upcasters.upcast(d.event()))).toList();
    }

    private <T> Uni<T> with(String group, Function<GroupSettings, Uni<T>> action) {
        return settings(group).flatMap(settings -> action.apply(settings));
    }
}
