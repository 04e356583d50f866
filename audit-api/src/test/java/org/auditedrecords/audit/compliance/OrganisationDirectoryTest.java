package org.auditedrecords.audit.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.auditedrecords.auditapi.AuditConfig;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.config.Env;
import org.junit.jupiter.api.Test;

class OrganisationDirectoryTest {
    private static final String DIRECTORY = "{\"integrator-stmarys\":{\"organisation\":\"St Mary's Lab\","
            + "\"contact\":\"lab-it@stmarys.example\"},\"compliance-hq\":{\"organisation\":\"Compliance office\",\"contact\":null}}";

    @Test
    void recipient_knownSubscription_isNamedByOrganisationThenId() {
        OrganisationDirectory directory = OrganisationDirectory.parse(DIRECTORY);

        OrganisationDirectory.Recipient recipient = directory.recipient("integrator-stmarys");

        assertThat(recipient).isEqualTo(new OrganisationDirectory.Recipient("integrator-stmarys", "St Mary's Lab",
                "lab-it@stmarys.example"));
        assertThat(recipient.label()).isEqualTo("St Mary's Lab (integrator-stmarys)");
        assertThat(directory.recipient("compliance-hq").contact()).isNull();
    }

    @Test
    void recipient_unknownOrMissingId_isShownAsSuchNeverGuessed() {
        OrganisationDirectory directory = OrganisationDirectory.parse(DIRECTORY);

        assertThat(directory.recipient("integrator-stmary").label())
                .isEqualTo("integrator-stmary (not in the organisation directory)");
        assertThat(directory.recipient("integrator-stmary").organisation()).isNull();
        assertThat(directory.recipient(null).label()).isEqualTo("unidentified caller");
    }

    @Test
    void parse_malformedDirectories_areRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> OrganisationDirectory.parse("{\"a\":")).hasMessage("is not well-formed JSON");
        assertThatThrownBy(() -> OrganisationDirectory.parse("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrganisationDirectory.parse("{\"a\":{\"organisation\":\"\"}}"))
                .hasMessageContaining("entry 'a'");
        assertThatThrownBy(() -> OrganisationDirectory.parse("{\"a\":{\"organisation\":\"A\",\"key\":\"secret\"}}"))
                .hasMessageContaining("entry 'a'").hasMessageNotContaining("secret");
    }

    @Test
    void auditConfig_malformedDirectory_failsFastNamingTheSetting() {
        Env env = new Env(Map.of(AuditConfig.ORGANISATION_DIRECTORY, "{\"a\":1}", AuditConfig.AUDIT_WITNESS_DIR, "witness"));

        assertThatThrownBy(() -> AuditConfig.from(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ORGANISATION_DIRECTORY entry 'a'");
        assertThat(AuditConfig.from(new Env(Map.of(AuditConfig.AUDIT_WITNESS_DIR, "witness"))).organisations().size())
                .isZero();
        assertThat(AuditConfig.from(new Env(Map.of(AuditConfig.ORGANISATION_DIRECTORY, DIRECTORY,
                AuditConfig.AUDIT_WITNESS_DIR, "witness"))).organisations().size()).isEqualTo(2);
    }
}
