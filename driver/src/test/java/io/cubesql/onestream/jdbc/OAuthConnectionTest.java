package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.OneStreamConnectionTest.allMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code auth=oauth2}: the client-credentials properties reach the token endpoint (here the
 * emulator's Okta-shaped one), and a refused or missing secret is reported without its value.
 */
class OAuthConnectionTest {
  private static final String CLIENT_ID = "jdbc-driver";
  private static final String SECRET = "s3cr3t-0f-the-driver-client-7d1c2a";

  private static OneStreamEmulator emulator;
  private static String url;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().oauthClient(CLIENT_ID, SECRET).start();
    url =
        "jdbc:onestream://127.0.0.1:"
            + URI.create(emulator.baseUrl()).getPort()
            + "/GolfStream?ssl=false&auth=oauth2&clientId="
            + CLIENT_ID
            + "&tokenUrl="
            + emulator.baseUrl()
            + "/oauth2/default/v1/token";
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Properties secret(String value) {
    Properties p = new Properties();
    p.setProperty("clientSecret", value);
    p.setProperty("scope", "api://onestream/.default");
    return p;
  }

  @Test
  void clientCredentialsConnect() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, secret(SECRET));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT Name FROM dimensions.Scenario WHERE Name = 'Actual'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("Actual");
      assertThat(c.getMetaData().getURL() + c).doesNotContain(SECRET);
    }
    assertThat(emulator.requestLog().entries().toString()).doesNotContain(SECRET);
  }

  @Test
  void aRefusedSecretIs28000() {
    String wrong = "not-the-secret-of-this-client-42";
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url, secret(wrong)));
    assertThat(e.getSQLState()).isEqualTo("28000");
    assertThat(allMessages(e)).doesNotContain(wrong).doesNotContain(SECRET);
  }

  @Test
  void aSecretFromAnUnsetVariableIs22023NamingTheVariable() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                    url, secret("env:ONESTREAM_DRIVER_TEST_UNSET_VARIABLE")));
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .contains("'clientSecret'")
        .contains("ONESTREAM_DRIVER_TEST_UNSET_VARIABLE");
  }
}
