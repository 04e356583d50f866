package org.auditedrecords.common.mongo.testing;

import java.util.UUID;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A MongoDB-compatible server a store contract test runs against: the embedded wire-protocol server (always),
 * a real MongoDB in Docker (when Docker is available), or any server named by {@code MONGODB_URI}. Each target
 * gives a fresh database name so runs never see each other's data.
 */
public interface MongoTarget extends AutoCloseable {
    String ENV_URI = "MONGODB_URI";

    /** The three servers a store contract runs against; see {@link RunsOn}. */
    enum Kind {
        EMBEDDED, DOCKER, ENVIRONMENT;

        MongoTarget start() {
            return switch (this) {
                case EMBEDDED -> embedded();
                case DOCKER -> container();
                case ENVIRONMENT -> fromEnvironment();
            };
        }
    }

    String connectionString();

    String database();

    @Override
    void close();

    static MongoTarget embedded() {
        EmbeddedMongo server = EmbeddedMongo.inMemory();
        return of(server.connectionString(), server::close);
    }

    /** A real MongoDB 7 in a container; callers skip this variant when Docker is absent. */
    static MongoTarget container() {
        MongoDBContainer container = new MongoDBContainer(DockerImageName.parse("mongo:7.0"));
        container.start();
        return of(container.getReplicaSetUrl(), container::stop);
    }

    /** The server named by {@value #ENV_URI}; callers skip this variant when it is unset. */
    static MongoTarget fromEnvironment() {
        return of(System.getenv(ENV_URI), () -> { });
    }

    private static MongoTarget of(String connectionString, Runnable stop) {
        String database = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new MongoTarget() {
            @Override
            public String connectionString() {
                return connectionString;
            }

            @Override
            public String database() {
                return database;
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }
}
