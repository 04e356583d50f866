package org.auditedrecords.common.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class ThrottlingRetryTest {
    private final List<Duration> waits = new ArrayList<>();
    private final ThrottlingRetry retry = new ThrottlingRetry(4, Duration.ofMillis(100), Duration.ofSeconds(1), waits::add);

    private static MongoCommandException throttled(String message) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(16500))
                .append("errmsg", new BsonString(message));
        return new MongoCommandException(response, new ServerAddress());
    }

    @Test
    void call_throttledWithRetryAfterMs_waitsWhatTheServerAsksThenSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.call("insert", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw throttled("Request rate is large. RetryAfterMs=250, Details='Response status code does not indicate success: TooManyRequests (429)'");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void call_throttledWithoutRetryAfter_backsOffExponentiallyUpToTheCap() {
        assertThatThrownBy(() -> retry.call("insert", () -> {
            throw throttled("Request rate is large");
        })).isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("stayed throttled after 4 attempts");

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void call_otherStoreFailure_isNotRetriedAndBecomesUnavailable() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("read patient", () -> {
            attempts.incrementAndGet();
            throw new MongoSocketOpenException("refused", new ServerAddress());
        })).isInstanceOf(DependencyUnavailableException.class).hasMessage("Store operation 'read patient' failed");

        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void call_duplicateKey_becomesDuplicateKeyException() {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(11000))
                .append("errmsg", new BsonString("E11000 duplicate key"));

        assertThatThrownBy(() -> retry.call("insert", () -> {
            throw new MongoCommandException(response, new ServerAddress());
        })).isInstanceOf(DuplicateKeyException.class);
    }
}
