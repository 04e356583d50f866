package org.auditedrecords.events;

import java.util.List;

/**
 * A stored resource with events in its outbox, oldest first.
 *
 * @param patientId  the shard key of the resource's document
 * @param resourceId the document's id: the patient's or the test's
 */
public record PendingResource(String patientId, String resourceId, List<PendingEvent> events) {

    public PendingResource {
        events = List.copyOf(events);
    }

    public List<String> eventIds() {
        return events.stream().map(PendingEvent::id).toList();
    }
}
