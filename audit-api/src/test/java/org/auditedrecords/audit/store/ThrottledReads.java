package org.auditedrecords.audit.store;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * Cosmos DB throttling in the middle of a read, through the real driver: a database whose audit-record finds fail
 * with error 16500 ("Request rate is large", as Cosmos answers a getMore past its RU budget) when the N-th record
 * document is about to be delivered, after part of the page was already handed out. Everything else goes to the
 * real collections untouched.
 */
final class ThrottledReads {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile long throttleAt = Long.MAX_VALUE;
    private volatile int remaining;
    private volatile long actAt = Long.MAX_VALUE;
    private volatile Runnable action;

    /** The next {@code times} deliveries from the {@code document}-th record document on (1-based) are throttled. */
    void throttle(long document, int times) {
        throttleAt = delivered.get() + document;
        remaining = times;
    }

    /** Runs {@code action} once, just before the {@code document}-th record document from now (1-based) is delivered. */
    void during(long document, Runnable action) {
        this.action = action;
        actAt = delivered.get() + document;
    }

    /** Record documents delivered to the ledger so far. */
    long delivered() {
        return delivered.get();
    }

    /** How many reads were throttled so far. */
    int throttled() {
        return throttled.get();
    }

    MongoDatabase wrap(MongoDatabase database) {
        return proxy(MongoDatabase.class, database, (method, args, result) ->
                method.getName().equals("getCollection") && MongoAuditLedger.RECORDS.equals(args[0])
                        ? proxy(MongoCollection.class, result, this::collection) : result);
    }

    /** Finds are wrapped, and so is the collection seen as another document class or codec registry. */
    private Object collection(Method method, Object[] args, Object result) {
        if (result instanceof MongoCollection<?>) {
            return proxy(MongoCollection.class, result, this::collection);
        }
        return result instanceof FindIterable<?> ? proxy(FindIterable.class, result, this::finding) : result;
    }

    /** Builder calls keep the wrapper; iteration goes through a cursor that counts and throttles. */
    private Object finding(Method method, Object[] args, Object result) {
        if (result instanceof FindIterable<?>) {
            return proxy(FindIterable.class, result, this::finding);
        }
        return result instanceof MongoCursor<?> ? proxy(MongoCursor.class, result, (m, a, r) -> r) : result;
    }

    private void beforeDelivery() {
        long next = delivered.get() + 1;
        Runnable due = action;
        if (next == actAt && due != null) {
            action = null;
            due.run();
        }
        if (next >= throttleAt && remaining > 0) {
            remaining--;
            throttled.incrementAndGet();
            BsonDocument response = new BsonDocument("ok", new BsonDouble(0)).append("code", new BsonInt32(16500))
                    .append("codeName", new BsonString("RequestRateTooLarge"))
                    .append("errmsg", new BsonString("Request rate is large. More Request Units may be needed, so no"
                            + " changes were made. Please retry this request later. RetryAfterMs=1"));
            throw new MongoCommandException(response, new ServerAddress("127.0.0.1", 10255));
        }
        delivered.incrementAndGet();
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            if (type == MongoCursor.class && method.getName().equals("next")) {
                beforeDelivery();
            }
            if (type == FindIterable.class && (method.getName().equals("forEach") || method.getName().equals("into"))) {
                // Over the counting cursor, as the driver's own forEach and into iterate its cursor.
                Consumer<Object> sink = method.getName().equals("into") ? ((Collection<Object>) args[0])::add
                        : (Consumer<Object>) args[0];
                try (MongoCursor<Object> cursor = (MongoCursor<Object>) ((FindIterable<Object>) self).iterator()) {
                    while (cursor.hasNext()) {
                        sink.accept(cursor.next());
                    }
                }
                return method.getName().equals("into") ? args[0] : null;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
