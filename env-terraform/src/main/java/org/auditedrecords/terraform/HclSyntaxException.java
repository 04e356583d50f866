package org.auditedrecords.terraform;

/** A file that is not well-formed HCL (unbalanced brackets, unterminated string...). */
public class HclSyntaxException extends RuntimeException {
    public HclSyntaxException(String message) {
        super(message);
    }
}
