package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.SelfSignedKeys;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading a trust store: the format from the file (PKCS12, JKS, PEM or DER) or as named; a wrong
 * password, a file that is not a trust store and a locked PKCS12 without its password each fail at
 * once naming the setting and never the password; host names stay verified.
 */
class TlsTrustTest {
  private static final String PASSWORD = "keystore-pw-for-tests";

  @TempDir static Path dir;
  private static X509Certificate cert;

  @BeforeAll
  static void makeACertificate() throws Exception {
    Path keys = dir.resolve("keys.p12");
    cert = SelfSignedKeys.create(keys, PASSWORD, "CN=tls-trust-test", null);
    for (String type : new String[] {"PKCS12", "JKS"}) {
      KeyStore trust = KeyStore.getInstance(type);
      trust.load(null, null);
      trust.setCertificateEntry("a", cert);
      try (OutputStream out =
          Files.newOutputStream(dir.resolve("trust." + type.toLowerCase(Locale.ROOT)))) {
        trust.store(out, PASSWORD.toCharArray());
      }
    }
    Files.write(dir.resolve("cert.der"), cert.getEncoded());
    Files.writeString(
        dir.resolve("cert.pem"),
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(
      nullValues = "-",
      textBlock =
          """
          trust.pkcs12, -,      PKCS12
          trust.jks,    -,      JKS
          cert.pem,     -,      PEM
          cert.der,     -,      PEM
          trust.pkcs12, PKCS12, PKCS12
          trust.jks,    jks,    JKS
          cert.der,     PEM,    PEM
          """)
  void readsTheFormatFromTheFileOrAsNamed(String file, String type, String read) throws Exception {
    Path path = dir.resolve(file);
    TlsTrust trust =
        TlsTrust.trustStore(path, type, read.equals("PEM") ? null : Secret.of(PASSWORD));

    assertThat(trust.kind()).isEqualTo(TlsTrust.Kind.TRUST_STORE);
    assertThat(trust.trustStoreType()).isEqualTo(read);
    assertThat(trust.verifiesHostnames()).isTrue();
    assertThat(trust.trustManager().getAcceptedIssuers()).containsExactly(cert);
    assertThat(trust.toString())
        .isEqualTo("TlsTrust[trustStore " + path + " (" + read + ", 1 certificate)]");
  }

  @Test
  void aWrongPasswordNamesThePasswordSettingButNeverThePassword() {
    String wrong = "certainly-not-the-password";
    for (String file : new String[] {"trust.pkcs12", "trust.jks"}) {
      IllegalArgumentException e =
          catchThrowableOfType(
              IllegalArgumentException.class,
              () -> TlsTrust.trustStore(dir.resolve(file), null, Secret.of(wrong)));
      assertThat(e.getMessage())
          .as(file)
          .startsWith("'trustStorePassword' does not open the trust store " + dir.resolve(file))
          .doesNotContain(wrong)
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void aLockedPkcs12WithoutItsPasswordSaysThePasswordIsNeeded() {
    IllegalArgumentException e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () -> TlsTrust.trustStore(dir.resolve("trust.pkcs12"), null, null));
    assertThat(e.getMessage()).contains("holds no certificate").contains("'trustStorePassword'");
  }

  @Test
  void whatIsNotATrustStoreFailsNamingTheSetting() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThat(failure(text, null))
        .startsWith("'trustStore' " + text + " is not a PKCS12, JKS or PEM trust store: ")
        .containsOnlyOnce("'trustStore'");
    assertThat(failure(dir.resolve("missing.p12"), null))
        .isEqualTo("'trustStore' " + dir.resolve("missing.p12") + " is not a readable file");
    assertThat(failure(dir, null)).endsWith("is not a readable file");
    assertThat(failure(dir.resolve("cert.pem"), "DER"))
        .startsWith("'trustStoreType' value is invalid: DER");
    assertThat(failure(dir.resolve("cert.pem"), "JKS"))
        .startsWith("'trustStore' " + dir.resolve("cert.pem") + " is not a JKS trust store");
  }

  private static String failure(Path file, String type) {
    return catchThrowableOfType(
            IllegalArgumentException.class,
            () -> TlsTrust.trustStore(file, type, Secret.of(PASSWORD)))
        .getMessage();
  }

  @Test
  void aTransportWithATrustStoreVerifiesHostNamesAsOkHttpDoes() {
    TlsTrust trust = TlsTrust.trustStore(dir.resolve("trust.pkcs12"), null, Secret.of(PASSWORD));
    OkHttpClient http =
        new Transport(
                ClientConfig.builder()
                    .serverUrl("https://onestream.example.com")
                    .application("GolfStream")
                    .tokenProvider(new PatTokenProvider(Secret.of("not-a-real-pat")))
                    .tlsTrust(trust)
                    .build())
            .http();

    assertThat(http.x509TrustManager()).isSameAs(trust.trustManager());
    assertThat(http.sslSocketFactory()).isSameAs(trust.socketFactory());
    assertThat(http.hostnameVerifier()).isSameAs(new OkHttpClient().hostnameVerifier());
  }

  /** The identity OAuth2 tokens are shared under: the certificates, not the file or format. */
  @Test
  void theSameCertificatesInAnyFormatHaveOneIdentityAndOthersAnother() throws Exception {
    List<String> identities = new ArrayList<>();
    for (String file : List.of("trust.pkcs12", "trust.jks", "cert.pem", "cert.der")) {
      TlsTrust t =
          TlsTrust.trustStore(
              dir.resolve(file), null, file.startsWith("cert") ? null : Secret.of(PASSWORD));
      identities.add(t.identity());
    }
    assertThat(identities).doesNotContainNull().containsOnly(identities.get(0));
    assertThat(identities.get(0)).startsWith("sha256:").hasSize("sha256:".length() + 64);

    Path otherKeys = dir.resolve("other-keys.p12");
    X509Certificate other = SelfSignedKeys.create(otherKeys, PASSWORD, "CN=another", null);
    Path otherPem = dir.resolve("other.pem");
    Files.writeString(
        otherPem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(other.getEncoded())
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    assertThat(TlsTrust.trustStore(otherPem, null, null).identity())
        .startsWith("sha256:")
        .isNotEqualTo(identities.get(0));
    assertThat(TlsTrust.jdk().identity()).isEqualTo("JDK");
    assertThat(TlsTrust.insecureTrustAllCertificates().identity()).isNull();
  }

  @Test
  void theJdkAndTrustAllKindsSayWhatTheyAre() {
    assertThat(TlsTrust.jdk().trustManager()).isNull();
    assertThat(TlsTrust.jdk().verifiesHostnames()).isTrue();
    assertThat(TlsTrust.jdk()).hasToString("TlsTrust[JDK]");
    TlsTrust all = TlsTrust.insecureTrustAllCertificates();
    assertThat(all.verifiesHostnames()).isFalse();
    assertThat(all.trustManager().getAcceptedIssuers()).isEmpty();
    assertThat(all).hasToString("TlsTrust[INSECURE: any certificate, any host name]");
  }
}
