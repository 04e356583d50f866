package org.auditedrecords.local.gateway;

import java.util.Set;

/**
 * A gateway subscription: its id is passed to the backends as the caller's identity (the audit
 * {@code actor.clientId}); its keys are the enabled versions of the vault secret {@code keySecret}.
 *
 * @param apis the APIs its product grants
 */
public record Subscription(String id, String product, String keySecret, Set<String> apis) {
}
