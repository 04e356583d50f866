package org.auditedrecords.host.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address block such as {@code 10.0.1.0/24} or {@code fd00::/8}. */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // Only literal characters may reach InetAddress, so that parsing a rule can never start a DNS lookup.
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix}; throws {@link IllegalArgumentException} naming the bad text. */
    public static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw invalid(cidr);
        }
        byte[] address = literal(cidr.substring(0, slash), cidr);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(cidr);
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw invalid(cidr);
        }
        return new Cidr(address, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] literal(String text, String cidr) {
        if (IPV4.matcher(text).matches()) {
            byte[] address = new byte[4];
            String[] octets = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    throw invalid(cidr);
                }
                address[i] = (byte) octet;
            }
            return address;
        }
        if (!IPV6.matcher(text).matches()) {
            throw invalid(cidr);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(cidr);
        }
    }

    private static IllegalArgumentException invalid(String cidr) {
        return new IllegalArgumentException(
                "'" + cidr + "' is not a CIDR block; write an IP address and prefix length, e.g. 127.0.0.10/32.");
    }
}
