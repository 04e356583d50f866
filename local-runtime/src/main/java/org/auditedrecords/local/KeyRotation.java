package org.auditedrecords.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretVersionInfo;

/**
 * Rotates inter-service keys with no failed request, as key-rotation/ does in Azure: add a new version (the app
 * now accepts old and new), wait while every consumer moves to the newest version (their caches expire, and a
 * consumer that meets a 401 re-reads at once), then disable the old versions.
 */
public final class KeyRotation {
    /** Which secrets hold the keys of each app. */
    public static List<String> secretsOf(String app) {
        return switch (app) {
            case "patient-api" -> List.of(StackSecrets.PATIENT_API_KEY);
            case "audit-api" -> List.of(StackSecrets.AUDIT_CREATE_KEY, StackSecrets.AUDIT_QUERY_KEY);
            default -> throw new IllegalArgumentException("Unknown app '" + app + "': rotate patient-api or audit-api");
        };
    }

    /** Sleeps the overlap; a test passes one that waits on its own terms. */
    @FunctionalInterface
    public interface Waiter {
        void await(Duration overlap) throws InterruptedException;
    }

    private final LocalVault vault;
    private final Waiter waiter;
    private final Consumer<String> progress;

    public KeyRotation(LocalVault vault, Waiter waiter, Consumer<String> progress) {
        this.vault = vault;
        this.waiter = waiter;
        this.progress = progress;
    }

    /** Rotates the keys of {@code app}; returns the new versions. Never prints a key value. */
    public List<Secret> rotate(String app, Duration overlap) throws InterruptedException {
        List<Secret> added = new ArrayList<>();
        for (String name : secretsOf(app)) {
            Secret fresh = vault.put(name, Keys.newKey());
            added.add(fresh);
            progress.accept("added " + name + " version " + fresh.version() + "; old and new are both accepted");
        }
        progress.accept("waiting " + overlap.toSeconds() + " s for every consumer to pick up the new version");
        waiter.await(overlap);
        for (Secret fresh : added) {
            for (SecretVersionInfo version : vault.versions(fresh.name())) {
                if (version.enabled() && !version.version().equals(fresh.version())) {
                    vault.disable(fresh.name(), version.version());
                    progress.accept("revoked " + fresh.name() + " version " + version.version());
                }
            }
        }
        return added;
    }
}
