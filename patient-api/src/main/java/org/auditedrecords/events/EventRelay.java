package org.auditedrecords.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves events from the outboxes to the topic: the relay of the transactional outbox (SYSTEM.md §7). It runs on a
 * schedule (a timer-triggered function in Azure, a scheduled task of the local stack) and guarantees:
 * <ul>
 *   <li><b>No event without its write</b>: it publishes only what an outbox holds, and an outbox holds an event only
 *       in the document its write stored (see {@link PendingEvent}).</li>
 *   <li><b>No write without its event, at least once</b>: an event is cleared only after the topic has accepted it.
 *       A relay that fails or is killed between publishing and clearing publishes the same event, with the same id,
 *       again on its next run; consumers dedupe by id.</li>
 *   <li><b>Per-resource order</b>: a resource's events are published in the order of its writes, in one batch. The
 *       topic does not promise delivery order, so each event carries the resource's version and consumers ignore
 *       versions older than one they have seen.</li>
 *   <li><b>Bounded delay</b>: an event waits at most one schedule interval plus one run while the topic is up (the
 *       local stack measures it; see README.md).</li>
 * </ul>
 */
public final class EventRelay {
    /** Resources read from one outbox per round: one query, and a batch well under Event Grid's 1 MB limit. */
    public static final int DEFAULT_RESOURCES_PER_ROUND = 100;
    /** Events per publish call; Event Grid accepts up to 5,000 and 1 MB per batch, and these are ~0.5 KB each. */
    static final int MAX_EVENTS_PER_BATCH = 500;

    private final List<Outbox> outboxes;
    private final EventPublisher publisher;
    private final int resourcesPerRound;
    private final Clock clock;

    public EventRelay(List<Outbox> outboxes, EventPublisher publisher, int resourcesPerRound, Clock clock) {
        if (resourcesPerRound < 1) {
            throw new IllegalArgumentException("resourcesPerRound must be at least 1");
        }
        this.outboxes = List.copyOf(outboxes);
        this.publisher = publisher;
        this.resourcesPerRound = resourcesPerRound;
        this.clock = clock;
    }

    /**
     * Relays rounds until the outboxes are empty or {@code budget} has passed: always one round, and a round under way
     * is finished.
     *
     * @return how many events were published (and then cleared)
     * @throws org.auditedrecords.common.errors.DependencyUnavailableException when the store or the topic failed;
     *                                                                         what was not cleared is relayed next run
     */
    public int relay(Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        int published = 0;
        boolean more;
        do {
            more = false;
            for (Outbox outbox : outboxes) {
                List<PendingResource> pending = outbox.pending(resourcesPerRound);
                published += publishAndClear(outbox, pending);
                more |= pending.size() == resourcesPerRound;
            }
        } while (more && clock.instant().isBefore(deadline));
        return published;
    }

    private int publishAndClear(Outbox outbox, List<PendingResource> pending) {
        List<PendingEvent> events = new ArrayList<>();
        pending.forEach(resource -> events.addAll(resource.events()));
        for (int from = 0; from < events.size(); from += MAX_EVENTS_PER_BATCH) {
            publisher.publish(events.subList(from, Math.min(events.size(), from + MAX_EVENTS_PER_BATCH)));
        }
        for (PendingResource resource : pending) {
            outbox.clear(resource, resource.eventIds());
        }
        return events.size();
    }
}
