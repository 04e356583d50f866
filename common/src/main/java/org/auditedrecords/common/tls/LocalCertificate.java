package org.auditedrecords.common.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditedrecords.common.secrets.Keys;

/**
 * A self-signed TLS certificate for a local endpoint that Azure clients must reach over HTTPS (the Azure SDK sends
 * access keys and tokens only over HTTPS). Made once by the JDK's {@code keytool} into {@code dir} and reused; the
 * private key never leaves that directory, and nothing of it is in source.
 *
 * @param keyStore    PKCS #12 key store holding the key and certificate, for the server
 * @param password    the key store's password, generated with it
 * @param certificate the certificate alone (PEM), for the clients to trust
 */
public record LocalCertificate(Path keyStore, String password, Path certificate) {
    private static final String ALIAS = "local";

    /**
     * The certificate in {@code dir}, made for {@code ipAddress} (as a subject alternative name) if it is not there.
     *
     * @throws IllegalStateException when {@code keytool} fails
     */
    public static LocalCertificate in(Path dir, String ipAddress) {
        Path keyStore = dir.resolve("tls.p12");
        Path passwordFile = dir.resolve("tls.password");
        Path certificate = dir.resolve("tls.pem");
        try {
            if (!Files.exists(keyStore) || !Files.exists(passwordFile) || !Files.exists(certificate)) {
                Files.createDirectories(dir);
                Files.deleteIfExists(keyStore);
                String password = Keys.newKey();
                Files.writeString(passwordFile, password);
                keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                        "-dname", "CN=" + ipAddress, "-ext", "SAN=IP:" + ipAddress, "-storetype", "PKCS12",
                        "-keystore", keyStore.toString(), "-storepass", password);
                keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass",
                        password, "-file", certificate.toString());
            }
            return new LocalCertificate(keyStore, Files.readString(passwordFile).strip(), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local TLS certificate in " + dir, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // Its output can echo the command line, password included, so it is read and dropped.
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making the local TLS certificate", e);
        }
    }
}
