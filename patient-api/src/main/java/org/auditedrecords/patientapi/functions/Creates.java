package org.auditedrecords.patientapi.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.auditedrecords.audittrail.AuditAction;
import org.auditedrecords.audittrail.AuditEntry;
import org.auditedrecords.audittrail.AuditedWrite;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.idempotency.Fingerprint;
import org.auditedrecords.idempotency.IdempotencyKey;
import org.auditedrecords.idempotency.IdempotentCreates;
import org.auditedrecords.idempotency.StoredResponse;
import org.auditedrecords.patient.ETag;
import org.auditedrecords.patient.Versioned;

/**
 * The two create functions' shared edge: the {@code Idempotency-Key} header in, the 201 (first or replayed) out. A
 * replayed answer is the stored one byte for byte, plus {@code Idempotent-Replayed: true}.
 */
final class Creates {
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** How one kind of resource is created, read back and rendered. */
    record Kind<T extends Versioned>(ResourceType type, Function<String, AuditedWrite<T>> write,
                                     Function<String, T> load, Function<T, Object> view, Function<T, String> location) {
    }

    private Creates() {
    }

    /**
     * @param operation what the key is bound to besides the body, e.g. {@code POST patient}
     * @param patientId the patient the new resource belongs to, or null when it is the patient itself
     */
    static <T extends Versioned> HttpResponseMessage create(Call call, IdempotentCreates creates, String operation,
                                                            ObjectNode body, Caller caller, String patientId,
                                                            Kind<T> kind) {
        Optional<IdempotencyKey> key = IdempotencyKey.parse(call.header(IdempotencyKey.HEADER));
        IdempotentCreates.Answer answer = creates.create(key, Fingerprint.of(operation, body), caller,
                id -> AuditEntry.of(caller, AuditAction.CREATE, kind.type(), id, patientId == null ? id : patientId),
                new IdempotentCreates.Create() {
                    @Override
                    public AuditedWrite<StoredResponse> write(String id) {
                        AuditedWrite<T> written = kind.write().apply(id);
                        return new AuditedWrite<>(created(call, kind, written.value()), written.attemptId());
                    }

                    @Override
                    public Optional<StoredResponse> existing(String id) {
                        try {
                            return Optional.of(created(call, kind, kind.load().apply(id)));
                        } catch (NotFoundException e) {
                            return Optional.empty();
                        }
                    }
                });
        StoredResponse response = answer.response();
        HttpResponseMessage.Builder builder = call.request().createResponseBuilder(
                HttpStatusType.custom(response.status())).body(response.body());
        response.headers().forEach(builder::header);
        if (answer.replayed()) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }

    private static <T extends Versioned> StoredResponse created(Call call, Kind<T> kind, T resource) {
        try {
            return new StoredResponse(201, call.mapper().writeValueAsString(kind.view().apply(resource)), Map.of(
                    "Content-Type", "application/json; charset=utf-8",
                    Responses.ETAG, ETag.of(resource.version()),
                    Responses.LOCATION, kind.location().apply(resource)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize a created " + kind.type().wire(), e);
        }
    }
}
