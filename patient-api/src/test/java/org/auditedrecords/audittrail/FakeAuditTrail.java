package org.auditedrecords.audittrail;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.trace.TraceParent;

/** An audit register in memory that can be told to go down, from a given call on. */
public final class FakeAuditTrail implements AuditTrail {
    /** One stored entry and the id the register gave it. */
    public record Recorded(String id, AuditEntry entry) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private int calls;
    private int failFromCall = Integer.MAX_VALUE;

    /** A caller as the edge would build it: a client id, an address and a fresh trace. */
    public static Caller caller() {
        return new Caller("integrator-1", "10.1.2.3", "req-1", TraceParent.newRoot());
    }

    @Override
    public synchronized String record(AuditEntry entry) {
        calls++;
        if (calls >= failFromCall) {
            throw new DependencyUnavailableException("The audit register is down (fake)");
        }
        String id = UUID.randomUUID().toString();
        recorded.add(new Recorded(id, entry));
        return id;
    }

    /** Every call from now on fails. */
    public synchronized void goDown() {
        failFromCall = calls + 1;
    }

    /** The next {@code successes} calls succeed, every one after them fails. */
    public synchronized void goDownAfter(int successes) {
        failFromCall = calls + successes + 1;
    }

    public synchronized List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    public synchronized List<AuditEntry> entries() {
        return recorded.stream().map(Recorded::entry).toList();
    }
}
