package io.cubesql.onestream.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS12 keystore holding one self-signed EC key pair under the alias {@value #ALIAS}, made by
 * the JDK's {@code keytool}: what {@code --keystore} serves HTTPS with in tests and local trials.
 * Each keytool run is a JVM start, so several can be {@linkplain #start started} at once and
 * {@linkplain #await awaited} together.
 */
public final class SelfSignedKeys {
  /** The alias of the key pair and its certificate. */
  public static final String ALIAS = "server";

  private SelfSignedKeys() {}

  /**
   * Starts keytool writing {@code keystore}.
   *
   * @param dname the certificate's subject, such as {@code CN=onestream-emulator-test}
   * @param san its subject alternative names, such as {@code ip:127.0.0.1,dns:localhost}; null for
   *     none
   */
  public static Process start(Path keystore, String password, String dname, String san)
      throws IOException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                keytool,
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                dname));
    if (san != null) {
      command.addAll(List.of("-ext", "san=" + san));
    }
    command.addAll(
        List.of(
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            password,
            "-keypass",
            password));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits for a keytool run {@link #start} began; fails with its output if it did not succeed. */
  public static void await(Process keytool) throws IOException, InterruptedException {
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      keytool.destroyForcibly();
      throw new IOException("keytool failed: " + output.strip());
    }
  }

  /** Writes {@code keystore} and answers its certificate. */
  public static X509Certificate create(Path keystore, String password, String dname, String san)
      throws IOException, InterruptedException {
    await(start(keystore, password, dname, san));
    return certificate(keystore, password);
  }

  /** The certificate of the key pair in {@code keystore}. */
  public static X509Certificate certificate(Path keystore, String password) throws IOException {
    try (var in = java.nio.file.Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      return (X509Certificate) ks.getCertificate(ALIAS);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("Cannot read " + keystore + ": " + e.getMessage(), e);
    }
  }
}
