package org.auditedrecords.common.secrets;

import java.time.Instant;

/**
 * What a rotation needs to know about one version of a secret: everything but its value.
 *
 * @param name    the secret's name
 * @param version the version id
 * @param created when the version was written
 * @param enabled whether reads may return it
 */
public record SecretVersionInfo(String name, String version, Instant created, boolean enabled) {
}
