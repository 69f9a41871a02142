package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.OneStreamConnectionTest.allMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.SelfSignedKeys;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The driver against the emulator over HTTPS with a self-signed certificate (made by the JDK's
 * keytool, for 127.0.0.1 only): verification is on by default and fails as {@code 08001} naming the
 * cause; a trust store (PKCS12, JKS or PEM) holding the certificate makes it work; a trust store
 * that cannot be opened is {@code 22023} before any call; trusting all works only by its loud name,
 * and warns. The trust store's password never shows.
 */
class TlsConnectionTest {
  private static final String KEYSTORE_PASSWORD = "emulator-keystore-pw";
  private static final String TRUST_PASSWORD = "Tru5t-st0re-pa55word-9f3e";
  private static final String CLIENT_ID = "tls-driver";
  private static final String CLIENT_SECRET = "s3cr3t-0f-the-tls-client-52e1b7";

  @TempDir static Path dir;

  private static OneStreamEmulator emulator;
  private static int port;
  private static Path pkcs12;
  private static Path jks;
  private static Path pem;
  private static Path otherCertificate;

  @BeforeAll
  static void start() throws Exception {
    Path serverKeys = dir.resolve("server.p12");
    Path otherKeys = dir.resolve("other.p12");
    // Both at once: each keytool is a JVM start.
    Process server =
        SelfSignedKeys.start(
            serverKeys, KEYSTORE_PASSWORD, "CN=onestream-emulator-test", "ip:127.0.0.1");
    Process other =
        SelfSignedKeys.start(otherKeys, KEYSTORE_PASSWORD, "CN=someone-else", "ip:127.0.0.1");
    SelfSignedKeys.await(server);
    SelfSignedKeys.await(other);
    Certificate cert = SelfSignedKeys.certificate(serverKeys, KEYSTORE_PASSWORD);
    pkcs12 = trustStore(dir.resolve("trust.p12"), "PKCS12", cert);
    jks = trustStore(dir.resolve("trust.jks"), "JKS", cert);
    pem = dir.resolve("server.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    otherCertificate =
        trustStore(
            dir.resolve("other-trust.p12"),
            "PKCS12",
            SelfSignedKeys.certificate(otherKeys, KEYSTORE_PASSWORD));
    emulator =
        OneStreamEmulator.builder()
            .keystore(serverKeys, KEYSTORE_PASSWORD)
            .oauthClient(CLIENT_ID, CLIENT_SECRET)
            .start();
    assertThat(emulator.baseUrl()).startsWith("https://127.0.0.1:");
    port = URI.create(emulator.baseUrl()).getPort();
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** A trust store of {@code type} holding only {@code cert}, as keytool -importcert makes one. */
  private static Path trustStore(Path file, String type, Certificate cert) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    ks.setCertificateEntry("onestream", cert);
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, TRUST_PASSWORD.toCharArray());
    }
    return file;
  }

  private static String url(String host) {
    return "jdbc:onestream://" + host + ":" + port + "/GolfStream";
  }

  private static Properties pat() {
    Properties p = new Properties();
    p.setProperty("password", emulator.issuePat("admin", Duration.ofHours(1)));
    return p;
  }

  private static Properties trusting(Path store, String password) {
    Properties p = pat();
    p.setProperty("trustStore", store.toString());
    if (password != null) {
      p.setProperty("trustStorePassword", password);
    }
    return p;
  }

  private static SQLException connectFails(String url, Properties p) {
    int before = emulator.requestLog().size();
    SQLException e =
        catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, p));
    assertThat((Object) e).isNotNull();
    // Nothing reached the API: the handshake (or the trust store) failed first.
    assertThat(emulator.requestLog().size()).isEqualTo(before);
    assertThat(allMessages(e)).doesNotContain(TRUST_PASSWORD).doesNotContain(KEYSTORE_PASSWORD);
    return e;
  }

  private static String scenario(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT Name FROM dimensions.Scenario WHERE Name = 'Actual'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void aSelfSignedCertificateIsRefusedByDefaultWith08001NamingTheCause() {
    SQLException e = connectFails(url("127.0.0.1"), pat());

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat((Object) e).isInstanceOf(SQLNonTransientConnectionException.class);
    assertThat(e.getMessage())
        .contains("certificate of 127.0.0.1:" + port + " is not trusted")
        .contains("PKIX path")
        .contains("set trustStore");
  }

  @Test
  void aPkcs12TrustStoreHoldingTheCertificateIsTrustedAndItsPasswordNeverShows() throws Exception {
    Properties p = trusting(pkcs12, TRUST_PASSWORD);
    String url = url("127.0.0.1");
    try (Connection c = DriverManager.getConnection(url, p)) {
      assertThat(scenario(c)).isEqualTo("Actual");
      assertThat((Object) c.getWarnings()).isNull();
      List<String> shown = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT Name, CurrentValue FROM onestream_meta.connection_properties"
                      + " WHERE Name LIKE 'trustStore%'")) {
        while (rs.next()) {
          shown.add(rs.getString(1) + "=" + rs.getString(2));
        }
      }
      assertThat(shown)
          .containsExactly(
              "trustStore=" + pkcs12, "trustStorePassword=********", "trustStoreType=null");
      assertThat(c.toString() + c.getMetaData().getURL()).doesNotContain(TRUST_PASSWORD);
    }
    for (DriverPropertyInfo i : DriverManager.getDriver(url).getPropertyInfo(url, p)) {
      assertThat(String.valueOf(i.value)).as(i.name).doesNotContain(TRUST_PASSWORD);
      if (i.name.equals("trustStorePassword")) {
        assertThat(i.value).isNull();
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      nullValues = "-",
      textBlock =
          """
          # the format is read from the file
          trust.jks,       -
          server.pem,      -
          # or named
          trust.jks,       JKS
          trust.p12,       PKCS12
          server.pem,      PEM
          """)
  void jksAndPemTrustStoresAreTrustedToo(String file, String type) throws SQLException {
    Properties p = trusting(dir.resolve(file), file.endsWith(".pem") ? null : TRUST_PASSWORD);
    if (type != null) {
      p.setProperty("trustStoreType", type);
    }
    try (Connection c = DriverManager.getConnection(url("127.0.0.1"), p)) {
      assertThat(c.isValid(10)).isTrue();
    }
  }

  @Test
  void aWrongTrustStorePasswordIs22023BeforeAnyCall() {
    String wrong = "not-the-trust-store-password";
    SQLException e = connectFails(url("127.0.0.1"), trusting(pkcs12, wrong));

    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .startsWith("Connection property 'trustStorePassword' does not open the trust store")
        .contains(pkcs12.toString());
    assertThat(allMessages(e)).doesNotContain(wrong);
  }

  @Test
  void aPkcs12TrustStoreWithoutItsPasswordIs22023SayingSo() {
    SQLException e = connectFails(url("127.0.0.1"), trusting(pkcs12, null));

    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).contains("'trustStore'").contains("'trustStorePassword'");
  }

  @Test
  void aMissingTrustStoreIs22023BeforeAnyCall() {
    Path missing = dir.resolve("no-such-trust-store.p12");
    SQLException e = connectFails(url("127.0.0.1"), trusting(missing, TRUST_PASSWORD));

    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .isEqualTo(
            "Connection property 'trustStore' value is invalid: "
                + missing
                + " (expected a readable trust store file)");
  }

  @Test
  void aFileThatIsNotATrustStoreIs22023() throws Exception {
    Path notOne = Files.writeString(dir.resolve("notes.txt"), "not a trust store\n");
    SQLException e = connectFails(url("127.0.0.1"), trusting(notOne, TRUST_PASSWORD));

    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .startsWith("Connection property 'trustStore' " + notOne + " is not a PKCS12, JKS or PEM")
        .containsOnlyOnce("'trustStore'");
  }

  @Test
  void aTrustStoreHoldingAnotherCertificateIs08001() {
    SQLException e = connectFails(url("127.0.0.1"), trusting(otherCertificate, TRUST_PASSWORD));

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage())
        .contains("is not trusted")
        .contains("PKIX path")
        .contains("trustStore " + otherCertificate + " must hold the server's certificate");
  }

  @Test
  void aHostNameTheCertificateDoesNotListIs08001() {
    // The certificate lists 127.0.0.1 only: trusting it does not make it good for another name.
    SQLException e = connectFails(url("localhost"), trusting(pkcs12, TRUST_PASSWORD));

    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("does not name host localhost");
  }

  @Test
  void trustingAllCertificatesWorksOnlyByItsLoudNameAndWarns() throws Exception {
    Properties p = pat();
    p.setProperty("insecureTrustAllCertificates", "true");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    // slf4j-simple writes to System.err as it is at each line.
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (Connection c = DriverManager.getConnection(url("localhost"), p)) {
      System.setErr(err);
      // Neither the certificate nor the host name (localhost) is checked.
      assertThat(scenario(c)).isEqualTo("Actual");
      SQLWarning w = c.getWarnings();
      assertThat((Object) w).isNotNull();
      assertThat(w.getSQLState()).isEqualTo("01000");
      assertThat(w.getMessage())
          .startsWith("insecureTrustAllCertificates=true: TLS certificates and host names are not")
          .contains("https://localhost:" + port);
      c.clearWarnings();
      assertThat((Object) c.getWarnings()).isNull();
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("WARN")
        .contains("TLS verification is off for https://localhost:" + port)
        .contains("insecureTrustAllCertificates");
    assertThat(logged.lines().filter(l -> l.contains("TLS verification is off"))).hasSize(1);
  }

  private static Properties oauth2() {
    Properties p = new Properties();
    p.setProperty("auth", "oauth2");
    p.setProperty("tokenUrl", emulator.baseUrl() + "/oauth2/default/v1/token");
    p.setProperty("clientId", CLIENT_ID);
    p.setProperty("clientSecret", CLIENT_SECRET);
    p.setProperty("scope", "api://onestream/.default");
    return p;
  }

  private static long tokenRequests() {
    return emulator.identity().tokenRequests(TokenEndpointKind.OKTA);
  }

  @Test
  void anOauth2TokenEndpointOverHttpsIsVerifiedWithTheSameTrust() throws SQLException {
    Properties p = oauth2();

    SQLException e = connectFails(url("127.0.0.1"), p);
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage())
        .contains("token endpoint")
        .contains("is not trusted")
        .contains("set trustStore");
    assertThat(allMessages(e)).doesNotContain(CLIENT_SECRET);

    p.setProperty("trustStore", pem.toString());
    try (Connection c = DriverManager.getConnection(url("127.0.0.1"), p)) {
      assertThat(scenario(c)).isEqualTo("Actual");
    }
  }

  /**
   * Spark opens a connection per partition: connections that trust the same certificates share one
   * OAuth2 token, whichever file holds them; a connection that trusts all shares none.
   */
  @Test
  void connectionsTrustingTheSameCertificatesShareOneOauth2Token() throws SQLException {
    long before = tokenRequests();
    Properties p12 = oauth2();
    p12.setProperty("trustStore", pkcs12.toString());
    p12.setProperty("trustStorePassword", TRUST_PASSWORD);
    Properties samePem = oauth2();
    samePem.setProperty("trustStore", pem.toString());
    Properties all = oauth2();
    all.setProperty("insecureTrustAllCertificates", "true");
    try (Connection a = DriverManager.getConnection(url("127.0.0.1"), p12);
        Connection b = DriverManager.getConnection(url("127.0.0.1"), p12);
        Connection c = DriverManager.getConnection(url("127.0.0.1"), samePem)) {
      for (Connection each : List.of(a, b, c)) {
        assertThat(scenario(each)).isEqualTo("Actual");
      }
      assertThat(tokenRequests() - before).isEqualTo(1);
      try (Connection d = DriverManager.getConnection(url("localhost"), all)) {
        assertThat(scenario(d)).isEqualTo("Actual");
      }
      assertThat(tokenRequests() - before).isEqualTo(2);
    }
  }
}
