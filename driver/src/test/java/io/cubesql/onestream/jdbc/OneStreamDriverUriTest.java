package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URL grammar and property rules, one line and a comment per rule (Trino's test shape). */
class OneStreamDriverUriTest {
  private static final String PAT =
      "Demo0000000000000000000000000000-111111111111111111111111111111111";

  private static Properties pat() {
    Properties p = new Properties();
    p.setProperty("password", PAT);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # not ours
          jdbc:postgresql://h/db                              | must start with jdbc:onestream:
          # neither a server nor demo
          jdbc:onestream:h/GolfStream                         | must be jdbc:onestream://host
          jdbc:onestream:demonstration                        | must be jdbc:onestream://host
          # no host
          jdbc:onestream:///GolfStream                        | names no host
          # credentials in the URL are refused: tools log URLs
          jdbc:onestream://u:p@h/GolfStream                   | Credentials do not belong in the URL
          jdbc:onestream://h/GolfStream?password=x            | 'password' is a secret
          jdbc:onestream://h/GolfStream?clientSecret=x        | 'clientSecret' is a secret
          # the path is one segment, the application
          jdbc:onestream://h/Golf/Stream                      | must be one segment
          # a fragment has no meaning
          jdbc:onestream://h/GolfStream#x                     | fragment
          # malformed URL and port
          jdbc:onestream://h:99999/GolfStream                 | port must be 1 to 65535
          jdbc:onestream://h /GolfStream                      | malformed
          # an unknown key is an error naming it, with a hint for a slip (case, two letters)
          jdbc:onestream://h/GolfStream?colour=blue           | 'colour' is unknown
          jdbc:onestream://h/GolfStream?apiversion=7.2.0      | did you mean 'apiVersion'
          jdbc:onestream://h/GolfStream?parallelsim=2         | did you mean 'parallelism'
          jdbc:onestream://h/GolfStream?sed=2                 | 'sed' is unknown
          # the same key twice
          jdbc:onestream://h/GolfStream?ssl=true&ssl=false    | given twice
          # application both as path and as key
          jdbc:onestream://h/GolfStream?application=Other     | given twice
          # a parameter without key=value (not quoted: it may be a pasted secret)
          jdbc:onestream://h/GolfStream?abcdef                | URL parameter 1 is not of the form key=value
          jdbc:onestream://h/GolfStream?ssl=true&=x           | URL parameter 2 is not of the form key=value
          # bad values name the key and the value
          jdbc:onestream://h/GolfStream?apiVersion=9.9.9      | 'apiVersion' value is invalid: 9.9.9
          jdbc:onestream://h/GolfStream?ssl=yes               | 'ssl' value is invalid: yes
          jdbc:onestream://h/GolfStream?auth=kerberos         | 'auth' value is invalid: kerberos
          jdbc:onestream://h/GolfStream?apiPath=api           | 'apiPath' value is invalid: api
          # cache specs must parse
          jdbc:onestream://h/GolfStream?resultCache=forever   | 'resultCache' value is invalid: forever
          # ... and build: Caffeine parses these and refuses them only when building the cache
          jdbc:onestream://h/GolfStream?metadataCache=maximumSize=-5         | must not be negative
          jdbc:onestream://h/GolfStream?resultCache=maximumWeight=10         | requires weigher
          jdbc:onestream://h/GolfStream?statementCache=refreshAfterWrite=1m  | requires a LoadingCache
          # a model file must be there to be read
          jdbc:onestream://h/GolfStream?model=/no/such.json   | 'model' value is invalid: /no/such.json
          jdbc:onestream://h/GolfStream?webServerUrl=ftp://x  | 'webServerUrl' value is invalid
          jdbc:onestream://h/GolfStream?scope=              | 'scope' is empty
          # a bad %-escape
          jdbc:onestream://h/GolfStream?scope=%zz             | malformed
          # no application anywhere
          jdbc:onestream://h                                  | No application
          # demo-only keys on a server, server-only keys in demo
          jdbc:onestream://h/GolfStream?scale=2               | 'scale' is for demo mode only
          jdbc:onestream:demo?tokenUrl=https://idp/token      | does not go with demo mode
          jdbc:onestream:demo?auth=oauth2                     | auth must be pat
          jdbc:onestream:demo?scale=0                         | 'scale' value is invalid: 0
          jdbc:onestream:demo?scale=many                      | 'scale' value is invalid: many
          # OAuth keys need auth=oauth2
          jdbc:onestream://h/GolfStream?clientId=c            | 'clientId' needs auth=oauth2
          # TLS: the trust store's password is a secret, its file must be there, its type known
          jdbc:onestream://h/GolfStream?trustStorePassword=x  | 'trustStorePassword' is a secret
          jdbc:onestream://h/GolfStream?trustStore=/no/such.p12 | 'trustStore' value is invalid: /no/such.p12
          jdbc:onestream://h/GolfStream?trustStoreType=DER    | 'trustStoreType' value is invalid: DER
          jdbc:onestream://h/GolfStream?trustStoreType=PEM    | 'trustStoreType' needs 'trustStore'
          # trusting all: only true or false, and never with demo (http) or plain http
          jdbc:onestream://h/GolfStream?insecureTrustAllCertificates=yes | 'insecureTrustAllCertificates' value is invalid: yes
          jdbc:onestream:demo?insecureTrustAllCertificates=true | does not go with demo mode
          jdbc:onestream://h/GolfStream?ssl=false&insecureTrustAllCertificates=true | makes no https call
          """)
  void refuses(String url, String message) {
    SQLException e =
        catchThrowableOfType(SQLException.class, () -> OneStreamDriverUri.parse(url, pat()));
    assertThat((Object) e).as(url).isNotNull();
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void patIsRequiredForPatAuthAndNeverQuoted() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", new Properties()));
    assertThat(e.getMessage()).contains("'password'");
    Properties p = pat();
    p.setProperty("auth", "kerberos");
    e =
        catchThrowableOfType(
            SQLException.class, () -> OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", p));
    assertThat(e.getMessage()).doesNotContain(PAT);
  }

  @Test
  void oauth2NeedsEndpointClientAndSecret() throws SQLException {
    Properties p = new Properties();
    p.setProperty("auth", "oauth2");
    p.setProperty("tokenUrl", "https://login.example.com/tenant/oauth2/v2.0/token");
    p.setProperty("clientId", "driver");
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", p));
    assertThat(e.getMessage()).contains("'clientSecret'");
    p.setProperty("clientSecret", "env:ONESTREAM_SECRET");
    assertThat(OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", p).serverUrl())
        .isEqualTo("https://h");
  }

  @Test
  void parsesServerUrls() throws SQLException {
    OneStreamDriverUri u =
        OneStreamDriverUri.parse(
            "jdbc:onestream://onestream.example.com:8443/GolfStream%20Demo?apiVersion=5.2.0",
            pat());
    assertThat(u.isDemo()).isFalse();
    assertThat(u.serverUrl()).isEqualTo("https://onestream.example.com:8443");
    assertThat(OneStreamProperty.APPLICATION.get(u.properties())).isEqualTo("GolfStream Demo");
    assertThat(OneStreamProperty.API_VERSION.get(u.properties())).isEqualTo("5.2.0");
    assertThat(OneStreamProperty.API_PATH.get(u.properties())).isEqualTo("/OneStreamApi");
    Properties p = pat();
    p.setProperty("application", "GolfStream");
    p.setProperty("ssl", "false");
    p.setProperty("dbtable", "cubes.GolfStream"); // Spark's own option: ignored
    assertThat(OneStreamDriverUri.parse("jdbc:onestream://localhost:8080", p).serverUrl())
        .isEqualTo("http://localhost:8080");
  }

  /** A misspelt key is named in the error it most likely caused, never with its value. */
  @Test
  void aMisspeltKeyIsNamedInTheErrorOfTheKeyItMissed() {
    Properties p = new Properties();
    p.setProperty("auth", "oauth2");
    p.setProperty("tokenUrl", "https://login.example.com/t/oauth2/v2.0/token");
    p.setProperty("clientId", "etl");
    p.setProperty("clientSecrt", "the-secret-value");
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> OneStreamDriverUri.parse("jdbc:onestream://h/App", p));
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .isEqualTo(
            "auth=oauth2 needs connection property 'clientSecret'. Connection property"
                + " 'clientSecrt' is not one of this driver's and is ignored; did you mean"
                + " 'clientSecret'?")
        .doesNotContain("the-secret-value");
  }

  @Test
  void propertiesOverrideTheUrl() throws SQLException {
    Properties p = pat();
    p.setProperty("apiVersion", "7.2.0");
    OneStreamDriverUri u =
        OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream?apiVersion=5.2.0", p);
    assertThat(OneStreamProperty.API_VERSION.get(u.properties())).isEqualTo("7.2.0");
  }

  @Test
  void parsesDemoUrls() throws SQLException {
    OneStreamDriverUri plain = OneStreamDriverUri.parse("jdbc:onestream:demo", null);
    assertThat(plain.isDemo()).isTrue();
    assertThat(plain.serverUrl()).isNull();
    OneStreamDriverUri scaled = OneStreamDriverUri.parse("jdbc:onestream:demo?scale=3", null);
    assertThat(OneStreamProperty.SCALE.get(scaled.properties())).isEqualTo("3");
    assertThat(OneStreamDriverUri.acceptsUrl("jdbc:onestream:demo")).isTrue();
    assertThat(OneStreamDriverUri.acceptsUrl("jdbc:postgresql://h/db")).isFalse();
  }

  @Test
  void trustStorePropertiesGoTogether(@TempDir Path dir) throws Exception {
    String file =
        Files.writeString(dir.resolve("trust.pem"), "(not read while parsing)").toString();
    Properties p = pat();
    p.setProperty("trustStore", file);
    p.setProperty("trustStorePassword", ""); // a tool's empty password field: none
    p.setProperty("trustStoreType", "PEM");
    assertThat(OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", p).serverUrl())
        .isEqualTo("https://h");
    p.setProperty("insecureTrustAllCertificates", "true");
    assertThat(refusal("jdbc:onestream://h/GolfStream", p))
        .contains("'insecureTrustAllCertificates' does not go with 'trustStore'");
    p.remove("insecureTrustAllCertificates");
    // A directory is not a trust store.
    p.setProperty("trustStore", dir.toString());
    assertThat(refusal("jdbc:onestream://h/GolfStream", p))
        .contains("'trustStore' value is invalid");
    p.setProperty("trustStore", file);
    assertThat(refusal("jdbc:onestream:demo", p)).contains("'trustStore' does not go with demo");
    // With ssl=false a trust store is for an https token endpoint only.
    p.setProperty("ssl", "false");
    assertThat(refusal("jdbc:onestream://h/GolfStream", p))
        .contains("'trustStore' is for https, and with ssl=false this connection makes no https");
    p.remove("password");
    p.setProperty("auth", "oauth2");
    p.setProperty("tokenUrl", "https://login.example.com/tenant/oauth2/v2.0/token");
    p.setProperty("clientId", "driver");
    p.setProperty("clientSecret", "env:ONESTREAM_SECRET");
    assertThat(OneStreamDriverUri.parse("jdbc:onestream://h/GolfStream", p).serverUrl())
        .isEqualTo("http://h");
  }

  private static String refusal(String url, Properties p) {
    SQLException e =
        catchThrowableOfType(SQLException.class, () -> OneStreamDriverUri.parse(url, p));
    assertThat(e.getSQLState()).isEqualTo("22023");
    return e.getMessage();
  }

  @Test
  void propertyInfoHidesSecrets() {
    Properties p = pat();
    p.setProperty("trustStorePassword", "a-trust-store-password");
    assertThat(OneStreamProperty.PASSWORD.toDriverPropertyInfo(p).value).isNull();
    assertThat(OneStreamProperty.TRUST_STORE_PASSWORD.toDriverPropertyInfo(p).value).isNull();
    assertThat(OneStreamProperty.TRUST_STORE_TYPE.toDriverPropertyInfo(p).choices)
        .containsExactly("PKCS12", "JKS", "PEM");
    assertThat(OneStreamProperty.AUTH.toDriverPropertyInfo(p).choices)
        .containsExactly("pat", "oauth2");
    assertThat(OneStreamProperty.SSL.toDriverPropertyInfo(p).value).isEqualTo("true");
  }
}
