package org.auditedrecords.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditOutcome;
import org.auditedrecords.audittrail.AuditedAccess;
import org.auditedrecords.audittrail.AuditedWrite;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.FakeAuditTrail;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.common.errors.ConflictException;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.UnprocessableContentException;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.trace.TraceParent;
import org.junit.jupiter.api.Test;

/** The idempotency rules, each broken on purpose: replays, mismatches, concurrency, expiry, scope and crashes. */
class IdempotentCreatesTest {
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Optional<IdempotencyKey> KEY = Optional.of(new IdempotencyKey("key-1"));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-15T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final FakeIdempotencyStore store = new FakeIdempotencyStore();
    private final FakeAuditTrail trail = new FakeAuditTrail();
    private final AuditedAccess audit = new AuditedAccess(trail);
    private final IdempotentCreates creates = new IdempotentCreates(store, audit, RETENTION, clock);
    private final Caller caller = FakeAuditTrail.caller();
    private final Writes writes = new Writes();

    /** A create that counts its writes and keeps what it wrote, audited as the services do. */
    private final class Writes implements IdempotentCreates.Create {
        final Map<String, StoredResponse> written = new HashMap<>();
        Runnable duringWrite = () -> { };
        RuntimeException failure;

        @Override
        public AuditedWrite<StoredResponse> write(String id) {
            return audit.writeRecorded(entry(caller, id), () -> {
                duringWrite.run();
                if (failure != null) {
                    throw failure;
                }
                StoredResponse response = new StoredResponse(201, "{\"id\":\"" + id + "\"}",
                        Map.of("Location", "patient/" + id, "ETag", "\"1\""));
                written.put(id, response);
                return response;
            });
        }

        @Override
        public Optional<StoredResponse> existing(String id) {
            return Optional.ofNullable(written.get(id));
        }
    }

    private static AuditEntry entry(Caller caller, String id) {
        return AuditEntry.of(caller, AuditAction.CREATE, ResourceType.PATIENT, id, id);
    }

    private IdempotentCreates.Answer create(Optional<IdempotencyKey> key, String fingerprint, Caller who) {
        return creates.create(key, fingerprint, who, id -> entry(who, id), writes);
    }

    @Test
    void create_sameKeyAndBodyAgain_replaysTheFirstAnswerWithoutASecondWriteAndAuditsTheReplay() {
        IdempotentCreates.Answer first = create(KEY, "body-a", caller);

        IdempotentCreates.Answer again = create(KEY, "body-a", caller);

        assertThat(first.replayed()).isFalse();
        assertThat(again).isEqualTo(new IdempotentCreates.Answer(first.response(), true));
        assertThat(writes.written).hasSize(1);
        var recorded = trail.recorded();
        assertThat(recorded).hasSize(2);
        String id = writes.written.keySet().iterator().next();
        assertThat(recorded.get(1).entry()).isEqualTo(entry(caller, id).replayOf(recorded.get(0).id()));
        assertThat(recorded.get(1).entry().outcome()).isEqualTo(AuditOutcome.REPLAYED);
    }

    @Test
    void create_sameKeyOtherBody_is422AndWritesNothing() {
        create(KEY, "body-a", caller);

        assertThatThrownBy(() -> create(KEY, "body-b", caller)).isInstanceOf(UnprocessableContentException.class)
                .hasMessageContaining("different request");

        assertThat(writes.written).hasSize(1);
        assertThat(trail.recorded()).hasSize(1);
    }

    @Test
    void create_sameKeyWhileTheFirstIsStillWriting_is409AndTheFirstStillWritesOnce() {
        AtomicReference<Throwable> second = new AtomicReference<>();
        writes.duringWrite = () -> {
            writes.duringWrite = () -> { };
            try {
                create(KEY, "body-a", caller);
            } catch (RuntimeException e) {
                second.set(e);
            }
        };

        IdempotentCreates.Answer first = create(KEY, "body-a", caller);

        assertThat(second.get()).isInstanceOf(ConflictException.class).hasMessageContaining("still in progress");
        assertThat(first.replayed()).isFalse();
        assertThat(writes.written).hasSize(1);
        assertThat(create(KEY, "body-a", caller).replayed()).isTrue();
    }

    @Test
    void create_afterTheRetentionWindow_isANewCreate() {
        IdempotentCreates.Answer first = create(KEY, "body-a", caller);
        now.set(now.get().plus(RETENTION));

        IdempotentCreates.Answer later = create(KEY, "body-b", caller);

        assertThat(later.replayed()).isFalse();
        assertThat(later.response()).isNotEqualTo(first.response());
        assertThat(writes.written).hasSize(2);
    }

    @Test
    void create_justInsideTheRetentionWindow_stillReplays() {
        create(KEY, "body-a", caller);
        now.set(now.get().plus(RETENTION).minusMillis(1));

        assertThat(create(KEY, "body-a", caller).replayed()).isTrue();
        assertThat(writes.written).hasSize(1);
    }

    @Test
    void create_sameKeyFromAnotherCaller_isItsOwnCreate() {
        Caller other = new Caller("integrator-2", null, null, TraceParent.newRoot());
        create(KEY, "body-a", caller);

        IdempotentCreates.Answer theirs = create(KEY, "body-a", other);

        assertThat(theirs.replayed()).isFalse();
        assertThat(writes.written).hasSize(2);
    }

    @Test
    void create_writeFails_releasesTheKeySoARetryWrites() {
        writes.failure = new DependencyUnavailableException("store down (fake)");
        assertThatThrownBy(() -> create(KEY, "body-a", caller)).isInstanceOf(DependencyUnavailableException.class);
        writes.failure = null;

        IdempotentCreates.Answer retry = create(KEY, "body-a", caller);

        assertThat(retry.replayed()).isFalse();
        assertThat(writes.written).hasSize(1);
    }

    @Test
    void create_hostDiedAfterWritingBeforeAnswering_aRetryAfterTheLockAnswersFromTheResourceWithoutWriting() {
        String id = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
        StoredResponse written = new StoredResponse(201, "{\"id\":\"" + id + "\"}", Map.of("Location", "patient/" + id));
        writes.written.put(id, written);
        store.put(IdempotencyRecord.pending(caller.clientId(), "key-1", "body-a", id, now.get(),
                IdempotentCreates.PENDING_LOCK, RETENTION));

        assertThatThrownBy(() -> create(KEY, "body-a", caller)).isInstanceOf(ConflictException.class);
        now.set(now.get().plus(IdempotentCreates.PENDING_LOCK));
        IdempotentCreates.Answer recovered = create(KEY, "body-a", caller);

        assertThat(recovered).isEqualTo(new IdempotentCreates.Answer(written, true));
        assertThat(writes.written).containsOnlyKeys(id);
        assertThat(create(KEY, "body-a", caller).response()).isEqualTo(written);
    }

    @Test
    void create_hostDiedBeforeWriting_aRetryAfterTheLockWritesUnderTheClaimedId() {
        String id = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
        store.put(IdempotencyRecord.pending(caller.clientId(), "key-1", "body-a", id, now.get(),
                IdempotentCreates.PENDING_LOCK, RETENTION));
        now.set(now.get().plus(IdempotentCreates.PENDING_LOCK));

        IdempotentCreates.Answer answer = create(KEY, "body-a", caller);

        assertThat(answer.replayed()).isFalse();
        assertThat(writes.written).containsOnlyKeys(id);
    }

    @Test
    void create_replayCannotBeAudited_failsClosedWithoutTheAnswer() {
        create(KEY, "body-a", caller);
        trail.goDown();

        assertThatThrownBy(() -> create(KEY, "body-a", caller)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void create_storeDownAfterTheWrite_stillAnswersTheWriteItDid() {
        writes.duringWrite = store::goDown;

        IdempotentCreates.Answer answer = create(KEY, "body-a", caller);

        assertThat(answer.replayed()).isFalse();
        assertThat(writes.written).hasSize(1);
    }

    @Test
    void create_keyWithoutAnIdentifiedCaller_isRefusedBeforeAnyWrite() {
        Caller anonymous = new Caller(null, null, null, TraceParent.newRoot());

        assertThatThrownBy(() -> create(KEY, "body-a", anonymous)).isInstanceOf(ValidationException.class);

        assertThat(writes.written).isEmpty();
    }

    @Test
    void create_noKey_writesEveryTime() {
        create(Optional.empty(), "body-a", caller);
        create(Optional.empty(), "body-a", caller);

        assertThat(writes.written).hasSize(2);
    }
}
