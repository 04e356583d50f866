package org.auditedrecords.host.contract;

/**
 * One HTTP operation of an app, as its OpenAPI document or its function annotations describe it.
 *
 * @param method      upper-case HTTP method
 * @param path        the path template with {@code {name}} parameters, starting with "/"
 * @param operationId the function name
 */
public record ApiOperation(String method, String path, String operationId) {
}
