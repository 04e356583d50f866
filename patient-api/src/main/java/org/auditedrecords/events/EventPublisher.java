package org.auditedrecords.events;

import java.util.List;

/** Where events go: an Event Grid topic in production and locally, fakes in unit tests. */
@FunctionalInterface
public interface EventPublisher {

    /**
     * Publishes the events, in this order, as one batch. Returns only once the topic has accepted every one of them.
     *
     * @throws org.auditedrecords.common.errors.DependencyUnavailableException when the topic did not accept the batch
     *                                                                         (or it is unknown whether it did)
     */
    void publish(List<PendingEvent> events);
}
