package org.auditedrecords.host;

/** Told about every finished request, once; it must be quick and must not throw. */
@FunctionalInterface
public interface RequestListener {

    void onRequest(RequestLogEntry entry);
}
