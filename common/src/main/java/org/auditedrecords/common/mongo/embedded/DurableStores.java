package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the embedded server's persisted backends: the one entry point of this package. */
public final class DurableStores {
    private DurableStores() {
    }

    /**
     * A backend stored in {@code file} (created, with its directory, if missing) whose commands that change data
     * return only once the change is in the file, and flushed to the device when {@code fsync} is set.
     */
    public static MongoBackend open(Path file, boolean fsync) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory for " + file, e);
        }
        return DurableH2Backend.open(file, fsync);
    }
}
