/**
 * Where both function apps read every key and connection string: {@link org.auditedrecords.common.secrets.SecretSource}
 * with a Key Vault backend in Azure and a {@link org.auditedrecords.common.secrets.LocalVault} on disk for local runs,
 * cached by {@link org.auditedrecords.common.secrets.CachingSecretSource} and wired by
 * {@link org.auditedrecords.common.secrets.SecretSources#fromEnvironment}.
 *
 * <p>Secrets are versioned because keys rotate without downtime: consumers read the latest version, and a specific
 * version stays readable while it is enabled. No type here puts a secret value into a message, log line or
 * {@code toString()}.
 */
package org.auditedrecords.common.secrets;
