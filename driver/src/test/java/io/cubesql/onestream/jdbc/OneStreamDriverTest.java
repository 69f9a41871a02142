package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code java.sql.Driver} contract, without a server. */
class OneStreamDriverTest {
  private static final String PAT =
      "Demo0000000000000000000000000000-111111111111111111111111111111111";

  @Test
  void driverManagerFindsTheDriverThroughServiceLoading() throws SQLException {
    Driver d = DriverManager.getDriver("jdbc:onestream:demo");
    assertThat(d).isInstanceOf(OneStreamDriver.class);
    assertThat(Collections.list(DriverManager.getDrivers()))
        .filteredOn(x -> x instanceof OneStreamDriver)
        .hasSize(1);
  }

  @Test
  void foreignUrlsAreNotOurs() throws SQLException {
    OneStreamDriver d = new OneStreamDriver();
    assertThat(d.acceptsURL("jdbc:postgresql://h/db")).isFalse();
    assertThat(d.acceptsURL(null)).isFalse();
    assertThat(d.connect("jdbc:postgresql://h/db", new Properties())).isNull();
    assertThat(d.acceptsURL("jdbc:onestream://h/GolfStream")).isTrue();
    assertThat(d.acceptsURL("jdbc:onestream:demo")).isTrue();
  }

  @Test
  void versionComesFromThePom() {
    OneStreamDriver d = new OneStreamDriver();
    String version = System.getProperty("onestream.projectVersion");
    assertThat(version).isNotBlank();
    String[] parts = version.split("[.-]");
    assertThat(d.getMajorVersion()).isEqualTo(Integer.parseInt(parts[0]));
    assertThat(d.getMinorVersion()).isEqualTo(Integer.parseInt(parts[1]));
    assertThat(d.jdbcCompliant()).isFalse();
    assertThat(d.getParentLogger().getName()).isEqualTo("io.cubesql.onestream");
  }

  @Test
  void propertyInfoListsEveryPropertyTyped() {
    Properties info = new Properties();
    info.setProperty("password", PAT);
    info.setProperty("callBudget", "10");
    DriverPropertyInfo[] infos =
        new OneStreamDriver().getPropertyInfo("jdbc:onestream://h/GolfStream?ssl=false", info);
    Map<String, DriverPropertyInfo> byName =
        Arrays.stream(infos).collect(Collectors.toMap(i -> i.name, Function.identity()));
    assertThat(byName).hasSize(OneStreamProperty.values().length);
    assertThat(byName.get("application").value).isEqualTo("GolfStream");
    assertThat(byName.get("ssl").value).isEqualTo("false");
    assertThat(byName.get("ssl").choices).containsExactly("true", "false");
    assertThat(byName.get("callBudget").value).isEqualTo("10");
    assertThat(byName.get("parallelism").value).isEqualTo("4");
    assertThat(byName.get("metadataCache").value).isEqualTo("maximumSize=500,expireAfterWrite=10m");
    assertThat(byName.get("password").value).isNull();
    for (DriverPropertyInfo i : infos) {
      assertThat(i.description).as(i.name).isNotBlank();
      assertThat(String.valueOf(i.value)).doesNotContain(PAT);
    }
  }

  @Test
  void propertyInfoOfAnUnfinishedUrlStillListsTheProperties() {
    Properties info = new Properties();
    info.setProperty("callBudget", "10");
    info.setProperty("password", PAT);
    info.setProperty("spark.app.name", "mine"); // a tool's own option: not ours, left out
    DriverPropertyInfo[] infos = new OneStreamDriver().getPropertyInfo("jdbc:onestream://", info);
    assertThat(infos).hasSize(OneStreamProperty.values().length);
    assertThat(infos).extracting(i -> i.name).contains("password", "auth", "callBudget");
    assertThat(infos)
        .filteredOn(i -> i.name.equals("callBudget"))
        .extracting(i -> i.value)
        .containsExactly("10");
    assertThat(infos).extracting(i -> String.valueOf(i.value)).doesNotContain(PAT, "mine");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          callBudget    | 0                 | 'callBudget' value is invalid: 0
          callBudget    | lots              | 'callBudget' value is invalid: lots
          parallelism   | 65                | 'parallelism' value is invalid: 65
          parallelism   | -1                | 'parallelism' value is invalid: -1
          metadataCache | maximumSize=lots  | 'metadataCache' value is invalid: maximumSize=lots
          metadataCache | colour=blue       | 'metadataCache' value is invalid: colour=blue
          """)
  void badPropertiesFailAt22023NamingTheKey(String key, String value, String message) {
    Properties p = new Properties();
    p.setProperty("password", PAT);
    p.setProperty(key, value);
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:onestream://h/GolfStream", p));
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).contains(message).doesNotContain(PAT);
  }
}
