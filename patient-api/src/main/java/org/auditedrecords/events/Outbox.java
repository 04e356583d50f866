package org.auditedrecords.events;

import java.util.List;

/**
 * The pending events of one collection, kept inside the documents whose writes they announce (see
 * {@link PendingEvent}). The stores implement it next to their write ports.
 */
public interface Outbox {

    /** Up to {@code limit} resources that have pending events, each with all of them in the order of their writes. */
    List<PendingResource> pending(int limit);

    /**
     * Removes exactly the events {@code eventIds} from the resource's outbox: events a later write added in the
     * meantime stay for the next run. Removing an event that is already gone is not an error.
     */
    void clear(PendingResource resource, List<String> eventIds);
}
