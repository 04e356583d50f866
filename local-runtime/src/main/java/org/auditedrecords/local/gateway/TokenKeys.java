package org.auditedrecords.local.gateway;

import java.security.PublicKey;
import java.util.Optional;

/** The issuer's token signing keys by key id ({@code kid}): in Azure its published JWKS, locally the vault. */
@FunctionalInterface
public interface TokenKeys {
    Optional<PublicKey> key(String keyId);
}
