package org.auditedrecords.common.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A delegate the test controls: current values, injected failures, a gate that holds loads, and call counts. */
final class FakeSecretSource implements SecretSource {
    private final Map<String, Secret> current = new ConcurrentHashMap<>();
    private final Map<String, Secret> versions = new ConcurrentHashMap<>();
    private final AtomicInteger latestCalls = new AtomicInteger();
    private final AtomicInteger versionCalls = new AtomicInteger();
    private volatile RuntimeException failure;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch loadStarted = new CountDownLatch(1);

    /** Makes {@code value} the current version of {@code name}, keeping earlier versions readable. */
    Secret rotate(String name, String version, String value) {
        Secret secret = new Secret(name, version, value);
        current.put(name, secret);
        versions.put(name + "/" + version, secret);
        return secret;
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    void recover() {
        this.failure = null;
    }

    /** Holds every load until {@link #open()}. */
    void close() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    void awaitLoadStarted() throws InterruptedException {
        if (!loadStarted.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("no load started");
        }
    }

    int latestCalls() {
        return latestCalls.get();
    }

    int versionCalls() {
        return versionCalls.get();
    }

    @Override
    public Secret latest(String name) {
        latestCalls.incrementAndGet();
        Secret answer = current.get(name);
        loadStarted.countDown();
        hold();
        if (failure != null) {
            throw failure;
        }
        if (answer == null) {
            throw new SecretNotFoundException(name);
        }
        return answer;
    }

    @Override
    public Secret version(String name, String version) {
        versionCalls.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        Secret secret = versions.get(name + "/" + version);
        if (secret == null) {
            throw new SecretNotFoundException(name, version);
        }
        return secret;
    }

    private void hold() {
        try {
            if (!gate.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
