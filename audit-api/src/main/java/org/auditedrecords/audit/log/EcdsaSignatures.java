package org.auditedrecords.audit.log;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Converts P-256 ECDSA signatures between the raw {@code r || s} form (32 bytes each) that Key Vault's sign
 * operation returns, as JWS does, and the ASN.1 DER {@code SEQUENCE {INTEGER r, INTEGER s}} that Java and the C2SP
 * ECDSA signature type use.
 */
public final class EcdsaSignatures {
    private static final int SCALAR = 32;

    private EcdsaSignatures() {
    }

    public static byte[] rawToDer(byte[] raw) {
        if (raw.length != 2 * SCALAR) {
            throw new IllegalArgumentException("a raw P-256 signature is 64 bytes");
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, SCALAR)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, SCALAR, raw.length)).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(4 + r.length + s.length);
        out.write(0x02);
        out.write(r.length);
        out.writeBytes(r);
        out.write(0x02);
        out.write(s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    public static byte[] derToRaw(byte[] der) {
        if (der.length < 8 || der[0] != 0x30 || der[2] != 0x02) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int rLength = der[3];
        int sAt = 4 + rLength;
        if (der[sAt] != 0x02) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        byte[] raw = new byte[2 * SCALAR];
        copyScalar(Arrays.copyOfRange(der, 4, sAt), raw, 0);
        copyScalar(Arrays.copyOfRange(der, sAt + 2, sAt + 2 + der[sAt + 1]), raw, SCALAR);
        return raw;
    }

    private static void copyScalar(byte[] integer, byte[] raw, int at) {
        byte[] unsigned = new BigInteger(1, integer).toByteArray();
        int skip = unsigned.length > SCALAR ? unsigned.length - SCALAR : 0;
        System.arraycopy(unsigned, skip, raw, at + SCALAR - (unsigned.length - skip), unsigned.length - skip);
    }
}
