package org.auditedrecords.audit.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The C2SP {@code signed-note} envelope: the note text (ending in a newline), a blank line, then one line per
 * signature, {@code — <key name> <base64(4-byte key id || signature)>}.
 */
public final class SignedNote {
    private static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    public record Line(String keyName, byte[] keyId, byte[] signature) {
    }

    public record Parsed(String text, List<Line> signatures) {
    }

    /**
     * The note of {@code checkpoint} signed by {@code signer}'s current key version. Refuses a version that is not
     * valid at the checkpoint's time, as every verifier would: a retired version never vouches for a new checkpoint.
     *
     * @throws CheckpointSigner.RetiredKeyException when the signing version is outside its validity period
     */
    public static String sign(Checkpoint checkpoint, CheckpointSigner signer) {
        String text = checkpoint.text();
        CheckpointSigner.Signature signature = signer.sign(text.getBytes(StandardCharsets.UTF_8));
        if (!signature.key().validAt(checkpoint.time())) {
            throw new CheckpointSigner.RetiredKeyException(signature.key(), checkpoint.time());
        }
        byte[] blob = ByteBuffer.allocate(4 + signature.der().length).put(signature.key().keyId()).put(signature.der()).array();
        return text + "\n" + DASH + signer.keyName() + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    /** @throws IllegalArgumentException when {@code note} is not a signed note */
    public static Parsed parse(String note) {
        int blank = note.lastIndexOf("\n\n");
        if (blank < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note is text, a blank line and signature lines");
        }
        String text = note.substring(0, blank + 1);
        List<Line> lines = new ArrayList<>();
        for (String line : note.substring(blank + 2, note.length() - 1).split("\n", -1)) {
            String[] parts = line.startsWith(DASH) ? line.substring(DASH.length()).split(" ", -1) : new String[0];
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("a signature line is '\u2014 <key name> <base64 signature>'");
            }
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (blob.length < 5) {
                throw new IllegalArgumentException("a signature holds a key id and a signature");
            }
            lines.add(new Line(parts[0], Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length)));
        }
        return new Parsed(text, List.copyOf(lines));
    }
}
