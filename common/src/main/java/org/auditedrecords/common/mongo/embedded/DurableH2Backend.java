package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with acknowledged writes on disk. Upstream opens H2's MVStore with its default
 * one-second background auto-commit, so an acknowledged write lives only in memory until the next tick and a
 * killed process loses it. Here auto-commit is off and every command that may change data returns only after a
 * (group) commit has written it to the file: it then survives the process being killed at any moment, and, when
 * {@code fsync} is on, a power loss too.
 */
final class DurableH2Backend extends H2Backend {
    /** Commands that never change data; every other command is treated as a write and committed. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listindexes",
            "listcollections", "listdatabases", "ismaster", "hello", "ping", "buildinfo", "whatsmyuri",
            "serverstatus", "dbstats", "collstats", "getlasterror", "getlog", "killcursors", "endsessions",
            "getparameter", "getcmdlineopts", "hostinfo", "connectionstatus", "explain");

    private final MVStore store;
    private final GroupCommit commits;

    private DurableH2Backend(MVStore store, boolean fsync) {
        super(store);
        this.store = store;
        this.commits = new GroupCommit(new GroupCommit.Store() {
            @Override
            public void write() {
                store.commit();
            }

            @Override
            public void flush() {
                store.sync();
            }
        }, fsync);
    }

    /**
     * Opens (or creates) the store file. Both automatic commits of MVStore are off: the timed one and the one a
     * full write buffer triggers, which could otherwise store half of a write in progress.
     */
    static DurableH2Backend open(String fileName, boolean fsync) {
        MVStore store = new MVStore.Builder().fileName(fileName)
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
        try {
            return new DurableH2Backend(store, fsync);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (isRead(command, query)) {
            return super.handleCommand(channel, database, command, query);
        }
        return commits.durably(() -> super.handleCommand(channel, database, command, query));
    }

    private static boolean isRead(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !writesOutput(query.get("pipeline"));
        }
        return READS.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        return pipeline instanceof List<?> stages && stages.stream()
                .anyMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
    }

    /** Closes once no write is in flight; MVStore's close commits whatever is left and releases the file. */
    @Override
    public void close() {
        commits.exclusively(super::close);
    }
}
