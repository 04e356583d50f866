package org.auditedrecords.host;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken by hand over a socket, for what java.net.http cannot do: choose the source address, send a
 * Content-Length it does not honour, or stop a chunked body half way.
 */
final class RawHttp {
    /** A response; header names lower-cased. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    static Response exchange(InetAddress source, FunctionsHost host, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host.baseUri().getHost(), host.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static Response exchange(FunctionsHost host, String head, byte[] body) throws IOException {
        return exchange(InetAddress.getByName("127.0.0.1"), host, head, body);
    }

    /** A request head with a Host header, ending with the blank line. */
    static String head(String requestLine, String... headerLines) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-response after: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
