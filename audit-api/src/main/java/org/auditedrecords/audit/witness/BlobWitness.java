package org.auditedrecords.audit.witness;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.BinaryData;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * The Azure witness: an immutable (WORM, time-based retention) Blob container in its own storage account, which
 * the audit database's credentials cannot reach and whose blobs nobody can overwrite or delete during retention.
 * The Audit API's identity may only create and read blobs. Each checkpoint is the blob
 * {@code <log>/<inverted size>} ({@link WitnessNames}), created with "if none match *" so an existing one is never
 * replaced; listing a log's prefix yields its newest checkpoint first.
 */
public final class BlobWitness implements Witness {
    private static final int CONFLICT = 409;
    private final BlobContainerClient container;

    public BlobWitness(BlobContainerClient container) {
        this.container = Objects.requireNonNull(container, "container");
    }

    /** The container at {@code containerUrl}, as the app's managed identity (no shared key). */
    public static BlobWitness create(URI containerUrl) {
        return new BlobWitness(new BlobContainerClientBuilder().endpoint(containerUrl.toString())
                .credential(new DefaultAzureCredentialBuilder().build()).buildClient());
    }

    @Override
    public void publish(String log, long size, String note) {
        String name = log + "/" + WitnessNames.checkpointName(size);
        try {
            container.getBlobClient(name).upload(BinaryData.fromString(note), false);
        } catch (HttpResponseException e) {
            if (e.getResponse().getStatusCode() != CONFLICT) {
                throw unavailable("written", e);
            }
            String held = read(name);
            if (!held.equals(note)) {
                throw new WitnessConflictException(log, size);
            }
        } catch (RuntimeException e) {
            throw unavailable("written", e);
        }
    }

    @Override
    public Map<String, String> newest(String logPrefix) {
        Map<String, String> newest = new TreeMap<>();
        try {
            for (BlobItem prefix : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(logPrefix), null)) {
                if (!Boolean.TRUE.equals(prefix.isPrefix())) {
                    continue;
                }
                String log = prefix.getName().substring(0, prefix.getName().length() - 1);
                for (BlobItem first : container.listBlobs(new ListBlobsOptions().setPrefix(prefix.getName()).setMaxResultsPerPage(1), null)) {
                    newest.put(log, read(first.getName()));
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw unavailable("read", e);
        }
        return newest;
    }

    private String read(String name) {
        return new String(container.getBlobClient(name).downloadContent().toBytes(), StandardCharsets.UTF_8);
    }

    private static DependencyUnavailableException unavailable(String what, RuntimeException e) {
        return new DependencyUnavailableException("The witness container could not be " + what, e);
    }
}
