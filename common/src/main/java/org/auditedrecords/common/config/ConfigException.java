package org.auditedrecords.common.config;

/** Start-up misconfiguration: the message says which setting to fix. Never carries a setting's value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
