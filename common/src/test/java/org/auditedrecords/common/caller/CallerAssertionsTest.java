package org.auditedrecords.common.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretSource;
import org.auditedrecords.common.secrets.SecretSourceUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerAssertionsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SECRET = "gateway-assertion-key";

    @TempDir
    Path dir;
    LocalVault vault;
    Secret key;
    CallerAssertions patientApi;

    @BeforeEach
    void setUp() {
        vault = new LocalVault(dir, Clock.systemUTC());
        vault.put(SECRET + "-a", "k".repeat(43));
        key = vault.put(SECRET, "a." + "k".repeat(43));
        patientApi = new CallerAssertions(vault, SECRET, "patient-api", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CallerAssertion assertion(String audience, Instant issued, Duration lifetime) {
        return new CallerAssertion("integrator-1", "203.0.113.7", "req-1", audience, issued, issued.plus(lifetime));
    }

    private static String valid(Secret key) {
        return CallerAssertions.sign(assertion("patient-api", NOW.minusSeconds(1), CallerAssertions.LIFETIME), key);
    }

    @Test
    void verify_signedByTheGatewayForThisApp_givesTheAssertedCaller() {
        CallerAssertion verified = patientApi.verify(Optional.of(valid(key)));

        assertThat(verified.subject()).isEqualTo("integrator-1");
        assertThat(verified.clientAddress()).isEqualTo("203.0.113.7");
        assertThat(verified.requestId()).isEqualTo("req-1");
        assertThat(verified.audience()).isEqualTo("patient-api");
        assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(59));
    }

    @Test
    void verify_duringRotation_acceptsBothSlotsAndRefusesTheReplacedKeyOfASlot() {
        String slotA = valid(key);
        vault.put(SECRET + "-b", "n".repeat(43));
        Secret next = vault.put(SECRET, "b." + "n".repeat(43));

        assertThat(patientApi.verify(Optional.of(slotA)).subject()).isEqualTo("integrator-1");
        assertThat(patientApi.verify(Optional.of(valid(next))).subject()).isEqualTo("integrator-1");
        assertThat(valid(next).split("\\.")[0]).isEqualTo(b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"b\"}"));

        vault.put(SECRET + "-a", "r".repeat(43));
        assertThatThrownBy(() -> patientApi.verify(Optional.of(slotA))).isInstanceOf(CallerAssertionException.class)
                .hasMessage("The caller assertion's signature does not verify.");
        assertThatThrownBy(() -> patientApi.verify(Optional.of(CallerAssertions.sign(
                assertion("patient-api", NOW, CallerAssertions.LIFETIME), "c", "r".repeat(43)))))
                .isInstanceOf(CallerAssertionException.class).hasMessage("The caller assertion is signed with an unknown key.");
    }

    @Test
    void sign_signingSecretNotSlotDotKey_failsAsMisconfiguration() {
        for (String value : new String[] {"no-slot", ".key", "a.", "A.key"}) {
            Secret bad = new Secret(SECRET, "v", value);
            assertThatThrownBy(() -> CallerAssertions.sign(assertion("patient-api", NOW, CallerAssertions.LIFETIME), bad))
                    .isInstanceOf(IllegalStateException.class).hasMessage("The secret " + SECRET + " must hold <slot>.<key>.");
        }
    }

    @Test
    void verify_missingMalformedOrOversized_isRefused() {
        for (String token : new String[] {"", "a.b", "a.b.c.d", "not-base64!.x.y", "e30.e30.", "x".repeat(5000)}) {
            assertThatThrownBy(() -> patientApi.verify(Optional.of(token))).as(token)
                    .isInstanceOf(CallerAssertionException.class);
        }
        assertThatThrownBy(() -> patientApi.verify(Optional.empty())).isInstanceOf(CallerAssertionException.class)
                .hasMessage("The gateway's caller assertion is missing.");
    }

    @Test
    void verify_forgedTamperedOrUnsigned_isRefused() {
        String[] parts = valid(key).split("\\.");
        String otherSubject = b64("{\"sub\":\"integrator-2\",\"addr\":\"203.0.113.7\",\"rid\":\"req-1\",\"aud\":\"patient-api\","
                + "\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
        String none = b64("{\"alg\":\"none\",\"kid\":\"a\"}");
        String noKid = b64("{\"alg\":\"HS256\"}");
        Secret attackerKey = new Secret(SECRET, "v", "a.attacker-chosen-key-of-some-length-000000");

        for (String token : new String[] {parts[0] + "." + otherSubject + "." + parts[2], none + "." + parts[1] + ".",
                none + "." + parts[1] + "." + parts[2], noKid + "." + parts[1] + "." + parts[2], valid(attackerKey),
                parts[0] + "." + parts[1] + "." + parts[2].substring(1)}) {
            assertThatThrownBy(() -> patientApi.verify(Optional.of(token))).as(token)
                    .isInstanceOf(CallerAssertionException.class);
        }
    }

    @Test
    void verify_expiredNotYetValidOverlongOrForAnotherApp_isRefused() {
        String[] tokens = {
            CallerAssertions.sign(assertion("patient-api", NOW.minusSeconds(61), Duration.ofSeconds(60)), key),
            CallerAssertions.sign(assertion("patient-api", NOW.plusSeconds(31), Duration.ofSeconds(60)), key),
            CallerAssertions.sign(assertion("patient-api", NOW.minusSeconds(1), Duration.ofMinutes(6)), key),
            CallerAssertions.sign(assertion("audit-api", NOW.minusSeconds(1), Duration.ofSeconds(60)), key),
        };

        for (String token : tokens) {
            assertThatThrownBy(() -> patientApi.verify(Optional.of(token))).isInstanceOf(CallerAssertionException.class);
        }
        assertThat(patientApi.verify(Optional.of(CallerAssertions.sign(
                assertion("patient-api", NOW.plusSeconds(29), Duration.ofSeconds(60)), key))).subject())
                .as("within the clock skew").isEqualTo("integrator-1");
    }

    @Test
    void verify_vaultUnreachable_failsAsUnavailableNotAccepted() {
        SecretSource down = new SecretSource() {
            @Override
            public Secret latest(String name) {
                throw new SecretSourceUnavailableException("vault down");
            }

            @Override
            public Secret version(String name, String version) {
                throw new SecretSourceUnavailableException("vault down");
            }
        };
        CallerAssertions verifier = new CallerAssertions(down, SECRET, "patient-api", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> verifier.verify(Optional.of(valid(key)))).isInstanceOf(SecretSourceUnavailableException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
