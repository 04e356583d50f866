package org.auditedrecords.audit.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.RecordProof;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceServiceTest {
    private static final ComplianceCaller OFFICER =
            new ComplianceCaller("compliance-hq", "198.51.100.4", "gw-req-7", "11111111111111111111111111111111");

    @TempDir
    Path dir;
    RegisterFixture fixture;
    ComplianceService compliance;

    @BeforeEach
    void start() {
        fixture = new RegisterFixture(dir, Clock.systemUTC());
        compliance = new ComplianceService(fixture.register, "audit-api", OrganisationDirectory.empty(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private AuditRecord patientRead(String patientId) {
        return fixture.register.append(new AuditEntry("patient-api", "read", new AuditEntry.Resource("patient", patientId, null),
                patientId, "success", new AuditEntry.Actor("integrator-1", null), "0af7651916cd43dd8448eb211c80319c", null, null, null));
    }

    private static AuditQuery byPatient(String patientId) {
        return new AuditQuery(patientId, null, null, null, null, null, null, null, null, false, null);
    }

    @Test
    void query_answers_afterRecordingItselfAsAnAuditSearchOfThatPatient() {
        String patient = UUID.randomUUID().toString();
        AuditRecord read = patientRead(patient);

        AuditRegister.Page page = compliance.query(byPatient(patient), 10, OFFICER);

        assertThat(page.records()).extracting(AuditRecord::id).containsExactly(read.id());
        List<AuditRecord> all = fixture.all();
        assertThat(all).hasSize(2);
        AuditEntry own = all.get(1).entry();
        assertThat(own.sourceSystemName()).isEqualTo("audit-api");
        assertThat(own.action()).isEqualTo("search");
        assertThat(own.resource().type()).isEqualTo("audit-search");
        assertThat(own.patientId()).isEqualTo(patient);
        assertThat(own.query()).containsEntry("patientId", patient).containsEntry("sort", "asc");
        assertThat(own.actor()).isEqualTo(new AuditEntry.Actor("compliance-hq", "198.51.100.4", "gw-req-7"));
        assertThat(own.correlationId()).isEqualTo(OFFICER.correlationId());
    }

    @Test
    void query_auditEntryCannotBeStored_answersNothing() {
        patientRead(UUID.randomUUID().toString());
        fixture.ledger.failing = true;

        assertThatThrownBy(() -> compliance.query(byPatient(null), 10, OFFICER))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.verify(OFFICER)).isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void load_unknownOrMalformedId_recordsNotFoundThenThrows() {
        String overlong = "x".repeat(300);

        assertThatThrownBy(() -> compliance.load(UUID.randomUUID().toString(), OFFICER)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> compliance.load(overlong, OFFICER)).isInstanceOf(NotFoundException.class);

        assertThat(fixture.all()).extracting(r -> r.entry().outcome()).containsExactly("notFound", "notFound");
        assertThat(fixture.all().get(1).entry().resource().id()).hasSize(128);
    }

    @Test
    void load_existingRecord_recordsTheReadWithThatRecordsPatient() {
        String patient = UUID.randomUUID().toString();
        AuditRecord read = patientRead(patient);

        assertThat(compliance.load(read.id(), OFFICER).id()).isEqualTo(read.id());

        AuditEntry own = fixture.all().get(1).entry();
        assertThat(own.action()).isEqualTo("read");
        assertThat(own.resource().id()).isEqualTo(read.id());
        assertThat(own.patientId()).isEqualTo(patient);
        assertThat(own.outcome()).isEqualTo("success");
    }

    @Test
    void verify_recordsARead_ofVerify() {
        patientRead(UUID.randomUUID().toString());

        assertThat(compliance.verify(OFFICER).intact()).isTrue();

        AuditEntry own = fixture.all().get(1).entry();
        assertThat(own.resource()).isEqualTo(new AuditEntry.Resource("audit-search", "verify", null));
    }

    @Test
    void registerReads_proofCheckpointsConsistencyKeysAndFullVerification_areEachRecordedAsAnAuditSearch() {
        String patient = UUID.randomUUID().toString();
        AuditRecord read = patientRead(patient);
        fixture.register.seal();

        RecordProof proof = compliance.proof(read.id(), OFFICER);
        String log = proof.log();
        assertThat(compliance.checkpoints(log, Long.MAX_VALUE, 10, OFFICER)).extracting(StoredCheckpoint::log).containsOnly(log);
        assertThat(compliance.newestCheckpoints(null, 10, OFFICER)).extracting(StoredCheckpoint::log).contains(log);
        assertThat(compliance.consistency(log, 0, Optional.empty(), OFFICER).log()).isEqualTo(log);
        assertThat(compliance.keys(OFFICER).versions()).isNotEmpty();
        assertThat(compliance.fullVerification(OFFICER)).isEmpty();
        assertThatThrownBy(() -> compliance.consistency("20261201T210000Z-000000000000", 0, Optional.empty(), OFFICER))
                .isInstanceOf(NotFoundException.class);

        assertThat(proof.verified()).isTrue();
        List<AuditEntry> own = fixture.all().stream().map(AuditRecord::entry).filter(e -> e.resource().type().equals("audit-search")).toList();
        assertThat(own).extracting(e -> e.action() + " " + e.resource().id() + " " + e.outcome()).containsExactlyInAnyOrder(
                "read " + read.id() + "/proof success", "search checkpoints success", "search checkpoints success",
                "read consistency success", "read keys success", "read verify/full success", "read consistency notFound");
        assertThat(own).allSatisfy(e -> assertThat(e.actor())
                .isEqualTo(new AuditEntry.Actor("compliance-hq", "198.51.100.4", "gw-req-7")));
        assertThat(own).filteredOn(e -> e.resource().id().endsWith("/proof")).extracting(AuditEntry::patientId)
                .containsExactly(patient);
    }

    @Test
    void registerReads_auditEntryCannotBeStored_answerNothing() {
        AuditRecord read = patientRead(UUID.randomUUID().toString());
        fixture.register.seal();
        String log = compliance.proof(read.id(), OFFICER).log();
        fixture.ledger.failing = true;

        assertThatThrownBy(() -> compliance.proof(read.id(), OFFICER)).isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.checkpoints(log, Long.MAX_VALUE, 10, OFFICER))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.newestCheckpoints(null, 10, OFFICER)).isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.consistency(log, 0, Optional.empty(), OFFICER))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.keys(OFFICER)).isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> compliance.fullVerification(OFFICER)).isInstanceOf(DependencyUnavailableException.class);
    }
}
