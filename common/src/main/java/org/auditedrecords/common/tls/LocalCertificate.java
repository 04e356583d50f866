package org.auditedrecords.common.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
    private static final String PASSWORD_VARIABLE = "LOCAL_TLS_STORE_PASSWORD";

    /**
     * The certificate in {@code dir}, made for {@code ipAddress} (as a subject alternative name) if it is not there.
     *
     * @throws IllegalStateException when {@code keytool} fails
     */
    public static LocalCertificate in(Path dir, String ipAddress) {
        return in(dir, ipAddress, Keys::newKey);
    }

    static LocalCertificate in(Path dir, String ipAddress, Supplier<String> passwords) {
        Path keyStore = dir.resolve("tls.p12");
        Path passwordFile = dir.resolve("tls.password");
        Path certificate = dir.resolve("tls.pem");
        try {
            if (!Files.exists(keyStore) || !Files.exists(passwordFile) || !Files.exists(certificate)) {
                Files.createDirectories(dir);
                Files.deleteIfExists(keyStore);
                String password = passwords.get();
                Files.writeString(passwordFile, password);
                keytool(password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "3650", "-dname", "CN=" + ipAddress, "-ext", "SAN=IP:" + ipAddress,
                        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass:env", PASSWORD_VARIABLE);
                keytool(password, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                        "-storepass:env", PASSWORD_VARIABLE, "-file", certificate.toString());
            }
            return new LocalCertificate(keyStore, Files.readString(passwordFile).strip(), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local TLS certificate in " + dir, e);
        }
    }

    /**
     * Runs keytool with the key store's password in its environment, not on its command line: there any process
     * could read it, and a generated password that starts with {@code -} would be taken for an option.
     */
    private static void keytool(String password, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        try {
            // Its output is read and dropped: nothing of it is needed, and it must not fill the pipe.
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
