package org.auditedrecords.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pending events in memory, per resource, for the fake stores: what a write added and the relay has not cleared. */
public final class FakeOutbox implements Outbox {
    private final Map<List<String>, List<PendingEvent>> pending = new LinkedHashMap<>();
    private final List<PendingEvent> added = new ArrayList<>();

    public synchronized void add(String patientId, String resourceId, PendingEvent event) {
        pending.computeIfAbsent(List.of(patientId, resourceId), k -> new ArrayList<>()).add(event);
        added.add(event);
    }

    /** Every event ever added, cleared or not, in the order of the writes. */
    public synchronized List<PendingEvent> added() {
        return List.copyOf(added);
    }

    /** The events still pending, in the order of the writes. */
    public synchronized List<PendingEvent> waiting() {
        return added.stream().filter(e -> pending.values().stream().anyMatch(l -> l.contains(e))).toList();
    }

    @Override
    public synchronized List<PendingResource> pending(int limit) {
        return pending.entrySet().stream().filter(e -> !e.getValue().isEmpty()).limit(limit)
                .map(e -> new PendingResource(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
    }

    @Override
    public synchronized void clear(PendingResource resource, List<String> eventIds) {
        List<PendingEvent> events = pending.get(List.of(resource.patientId(), resource.resourceId()));
        if (events != null) {
            events.removeIf(e -> eventIds.contains(e.id()));
        }
    }
}
