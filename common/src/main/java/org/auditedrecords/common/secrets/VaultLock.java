package org.auditedrecords.common.secrets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the local vault's read-modify-write cycles across processes (two apps bootstrapping the same key on first
 * run) and threads, with an OS file lock on {@code .lock} in the vault directory. Readers take no lock; atomic file
 * replacement keeps them safe.
 *
 * <p>Threads of one instance first queue on an in-memory lock: they wait without polling, and the instance never has
 * two channels to the lock file open at once, which matters because on POSIX systems closing any channel to a file
 * drops every OS lock the process holds on it.
 */
final class VaultLock {
    private static final long OVERLAP_RETRY_MILLIS = 5;
    private static final Set<StandardOpenOption> LOCK_FILE_OPTIONS =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    private final ReentrantLock local = new ReentrantLock();
    private final Path lockFile;
    private final FileAttribute<?>[] lockFileAttributes;

    VaultLock(Path lockFile, FileAttribute<?>... lockFileAttributes) {
        this.lockFile = lockFile;
        this.lockFileAttributes = lockFileAttributes;
    }

    <T> T withLock(Supplier<T> action) {
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, LOCK_FILE_OPTIONS, lockFileAttributes);
             FileLock ignored = acquire(channel)) {
            return action.get();
        } catch (IOException e) {
            throw new SecretSourceUnavailableException("Local vault lock " + lockFile + " cannot be taken.", e);
        } finally {
            local.unlock();
        }
    }

    private static FileLock acquire(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                // Another LocalVault on the same directory in this JVM holds the OS lock; the JVM reports that
                // instead of blocking, so wait for it here.
                try {
                    Thread.sleep(OVERLAP_RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted waiting for the local vault lock.");
                }
            }
        }
    }
}
