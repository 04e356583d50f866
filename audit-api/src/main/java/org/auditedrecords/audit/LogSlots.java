package org.auditedrecords.audit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each in-process writer a log of its own when one is free, so concurrent appends do not queue on one
 * log. Each slot's log is new to this process (a random id within the epoch), so no other writer shares it and
 * appends never contend across instances.
 */
final class LogSlots {
    private static final SecureRandom IDS = new SecureRandom();

    static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        OpenLog log;
        String epoch;
        /** An append whose outcome is unknown (the store failed mid-insert), resolved before the slot's next append. */
        AuditRecord uncertain;
        byte[] uncertainHash;
    }

    private final Slot[] slots;

    LogSlots(int count) {
        slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot();
        }
    }

    Slot[] all() {
        return slots.clone();
    }

    /** Locks a free slot if there is one, otherwise waits for a random one. Release with {@link #release}. */
    Slot acquire() {
        int start = ThreadLocalRandom.current().nextInt(slots.length);
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[(start + i) % slots.length];
            if (slot.lock.tryLock()) {
                return slot;
            }
        }
        slots[start].lock.lock();
        return slots[start];
    }

    void release(Slot slot) {
        slot.lock.unlock();
    }

    /** A new log id in {@code epoch}: the epoch key, then 48 random bits, so ids sort by epoch. */
    static String newLogId(String epoch) {
        byte[] random = new byte[6];
        IDS.nextBytes(random);
        return epoch + "-" + HexFormat.of().formatHex(random);
    }
}
