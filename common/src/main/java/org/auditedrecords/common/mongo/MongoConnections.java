package org.auditedrecords.common.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.auditedrecords.common.config.ConfigException;

/** Builds the one process-wide {@link MongoClient} of an app, with settings that suit Cosmos DB for MongoDB. */
public final class MongoConnections {
    /** How long a request waits for a store that is down before the app answers 503. */
    public static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(5);

    private MongoConnections() {
    }

    /**
     * Creates a client. {@code retryWrites} is always off: Cosmos DB for MongoDB (RU) does not support it, and
     * the apps decide themselves which writes are safe to repeat.
     *
     * @param connectionString read from the secret source; never logged or put in an exception message
     */
    public static MongoClient create(String connectionString, String applicationName) {
        ConnectionString parsed;
        try {
            parsed = new ConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("The MongoDB connection string secret is not a valid connection string.");
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(parsed)
                .applicationName(applicationName)
                .retryWrites(false)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
                .applyToConnectionPoolSettings(b -> b.maxSize(50).maxWaitTime(5, TimeUnit.SECONDS))
                .build();
        return MongoClients.create(settings);
    }
}
