package org.auditedrecords.audit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Audit record ids: UUID version 7 (RFC 9562 section 5.7), the record's millisecond then 74 random bits. Ids in time
 * order make each append an insert at the end of the store's id order, where a random (version 4) id lands anywhere:
 * in the embedded store that is one page touched per many appends instead of one page per append, which each
 * checkpoint writes again. The time is the record's own {@code recordedAt}, so the id discloses nothing the record
 * does not.
 */
final class RecordIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {
    }

    static String next(Instant at) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = at.toEpochMilli();
        long randA = ((random[0] & 0xFFL) << 4 | (random[1] & 0xFFL) >>> 4) & 0xFFF;
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | (random[i] & 0xFFL);
        }
        // the variant (binary 10) in the top two bits, 62 random bits below
        return new UUID(high, low >>> 2 | 0x8000_0000_0000_0000L).toString();
    }
}
