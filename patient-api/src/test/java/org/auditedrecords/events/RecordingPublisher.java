package org.auditedrecords.events;

import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/** A topic in memory: keeps every accepted batch, and can be told to refuse the next ones. */
public final class RecordingPublisher implements EventPublisher {
    private final List<List<PendingEvent>> batches = new ArrayList<>();
    private int refusals;

    @Override
    public synchronized void publish(List<PendingEvent> events) {
        if (refusals > 0) {
            refusals--;
            throw new DependencyUnavailableException("The topic refused the batch (fake)");
        }
        batches.add(List.copyOf(events));
    }

    public synchronized void refuseNext(int batches) {
        refusals = batches;
    }

    public synchronized List<List<PendingEvent>> batches() {
        return List.copyOf(batches);
    }

    public synchronized List<PendingEvent> events() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
