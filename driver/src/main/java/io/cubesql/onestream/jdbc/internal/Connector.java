package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.calcite.OneStreamAdapter;
import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import io.cubesql.onestream.calcite.OneStreamSchemas;
import io.cubesql.onestream.client.ApiVersion;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.ClientCredentialsTokenProvider;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import io.cubesql.onestream.client.TlsTrust;
import io.cubesql.onestream.client.TokenProvider;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.jdbc.OneStreamConnection;
import io.cubesql.onestream.jdbc.OneStreamDriverUri;
import io.cubesql.onestream.jdbc.OneStreamProperty;
import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a OneStream connection from a parsed URL: the token provider and client configuration from
 * the properties, the session (Logon and OpenApplication, so that a refused token or application
 * fails here, not at the first query), then the Calcite connection with the adapter's schemas.
 */
public final class Connector {
  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

  /**
   * A JVM-wide override of the waits between polls of a running request, in milliseconds, the last
   * repeating ({@code -Dio.cubesql.onestream.pollDelaysMs=50,100}), as HikariCP's {@code
   * com.zaxxer.hikari.housekeeping.periodMs} is for its tests: against an emulator that answers
   * {@code Running}, the Power BI connector's first wait of 5 s would make every such read last 5
   * s. Unset, the client's schedule applies (5, 5, 10, 10, 30, 30, 30 s).
   */
  public static final String POLL_DELAYS_PROPERTY = "io.cubesql.onestream.pollDelaysMs";

  /** Calcite's driver, used directly: it is never looked up by URL. */
  private static final org.apache.calcite.jdbc.Driver CALCITE = calciteDriver();

  /** The schema Calcite adds to every root schema, which a OneStream connection leaves out. */
  private static final String CALCITE_METADATA = "metadata";

  private Connector() {}

  /** Every property as {@code onestream_meta.connection_properties} shows it: secrets masked. */
  private static List<OneStreamAdapterOptions.ConnectionProperty> shown(Properties props) {
    List<OneStreamAdapterOptions.ConnectionProperty> out = new ArrayList<>();
    for (OneStreamProperty p : OneStreamProperty.values()) {
      String value = p.get(props);
      if (p.isSecret() && value != null) {
        value = MASK;
      }
      out.add(
          new OneStreamAdapterOptions.ConnectionProperty(
              p.key(), value, p.defaultValue(), p.description()));
    }
    return out;
  }

  /** What a secret's value shows as. */
  static final String MASK = "********";

  /** A connection to the server or demo {@code uri} names. */
  public static OneStreamConnection open(OneStreamDriverUri uri) throws SQLException {
    Properties props = uri.properties();
    OneStreamAdapterOptions options =
        OneStreamAdapterOptions.builder()
            .metadataCache(OneStreamProperty.METADATA_CACHE.get(props))
            .callBudget(Integer.parseInt(OneStreamProperty.CALL_BUDGET.get(props)))
            .parallelism(Integer.parseInt(OneStreamProperty.PARALLELISM.get(props)))
            .membersPerRequest(Integer.parseInt(OneStreamProperty.MEMBERS_PER_REQUEST.get(props)))
            .resultCache(OneStreamProperty.RESULT_CACHE.get(props))
            .adminSql(Boolean.parseBoolean(OneStreamProperty.ADMIN_SQL.get(props)))
            .connectionProperties(shown(props))
            .model(
                OneStreamProperty.MODEL.get(props) == null
                    ? null
                    : java.nio.file.Path.of(OneStreamProperty.MODEL.get(props)))
            .build();
    List<String> secrets = new ArrayList<>();
    // Read before anything is opened: a missing or locked trust store fails with no network call.
    TlsTrust trust = tlsTrust(props, secrets);
    String serverUrl;
    String application;
    TokenProvider tokens;
    Runnable onClose;
    if (uri.isDemo()) {
      OneStreamEmulator demo = startDemo(props);
      String pat = demo.issuePat(DemoServers.USER, null);
      secrets.add(pat);
      serverUrl = demo.baseUrl();
      application = DemoServers.APPLICATION;
      tokens = new PatTokenProvider(Secret.of(pat));
      onClose = () -> demo.revokePat(pat);
    } else {
      serverUrl = uri.serverUrl();
      application = OneStreamProperty.APPLICATION.get(props);
      tokens = tokenProvider(props, secrets, trust);
      onClose = () -> {};
    }
    SqlErrors errors = new SqlErrors(secrets);
    ClientConfig config;
    try {
      ClientConfig.Builder builder = ClientConfig.builder();
      List<Duration> polls = pollDelays(System.getProperty(POLL_DELAYS_PROPERTY));
      if (polls != null) {
        builder.pollDelays(polls);
      }
      config =
          builder
              .serverUrl(serverUrl)
              .application(application)
              .apiVersion(ApiVersion.parse(OneStreamProperty.API_VERSION.get(props)))
              .apiBasePath(OneStreamProperty.API_PATH.get(props))
              .webServerUrl(uri.isDemo() ? null : OneStreamProperty.WEB_SERVER_URL.get(props))
              .tokenProvider(tokens)
              .tlsTrust(trust)
              .build();
    } catch (IllegalArgumentException e) {
      tokens.close();
      onClose.run();
      throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(e.getMessage(), null);
    }
    OneStreamClient client = OneStreamClient.open(config);
    CalciteConnection calcite = null;
    try {
      if (config.apiVersion() == ApiVersion.V7_2_0) {
        client.authorizedApplications(); // Logon and OpenApplication: the first query needs both
      } else {
        client.ping(); // 5.2.0 has no session: check the token
      }
      errors.established();
      StatementPlanCache plans =
          new StatementPlanCache(OneStreamProperty.STATEMENT_CACHE.get(props));
      Connection c =
          CALCITE
              .withPrepareFactory(plans::prepare)
              .connect("jdbc:calcite:", OneStreamSchemas.calciteProperties());
      calcite = c.unwrap(CalciteConnection.class);
      SynchronizedCalciteServer.install(calcite);
      // Calcite's own "metadata" schema (TABLES, COLUMNS, as Java-typed columns) repeats what
      // DatabaseMetaData answers, in types tools cannot name: the root holds only our schemas.
      calcite.getRootSchema().unwrap(CalciteSchema.class).removeSubSchema(CALCITE_METADATA);
      OneStreamAdapter adapter = OneStreamSchemas.install(calcite.getRootSchema(), client, options);
      calcite.setSchema(OneStreamSchemas.CUBES);
      calcite.setAutoCommit(true); // JDBC's default for a new connection; Calcite's is false
      return new RealOneStreamConnection(
          uri,
          application,
          calcite,
          adapter,
          client,
          errors,
          plans.enabled() ? plans : null,
          onClose,
          warnings(uri, trust.kind() == TlsTrust.Kind.INSECURE_TRUST_ALL, serverUrl));
    } catch (Exception | Error e) {
      closeQuietly(calcite, e);
      client.close();
      onClose.run();
      if (e instanceof Error error) {
        throw error;
      }
      throw errors.translate(e);
    }
  }

  /**
   * A Calcite driver of our own. Loading its class registers another instance with {@code
   * DriverManager} (a static block), which would make every {@code jdbc:calcite:} URL work in the
   * host application after the first OneStream connection, although the shaded jar leaves Calcite's
   * driver out of {@code META-INF/services} on purpose (PITFALLS.md, Packaging). That registration
   * is taken back, unless Calcite's driver was registered already: then the host uses Calcite
   * itself.
   */
  private static org.apache.calcite.jdbc.Driver calciteDriver() {
    boolean hostHasIt = !registeredCalciteDrivers().isEmpty(); // does not initialize the class
    org.apache.calcite.jdbc.Driver driver = new org.apache.calcite.jdbc.Driver();
    if (!hostHasIt) {
      for (Driver registered : registeredCalciteDrivers()) {
        try {
          DriverManager.deregisterDriver(registered);
        } catch (SQLException | SecurityException e) {
          // Left registered: harmless to this driver, which never looks Calcite up by URL.
        }
      }
    }
    return driver;
  }

  private static List<Driver> registeredCalciteDrivers() {
    List<Driver> out = new ArrayList<>();
    for (Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d instanceof org.apache.calcite.jdbc.Driver) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * The poll delays {@code text} lists (milliseconds, comma-separated), or null for the client's
   * own: when unset, and, with a warning, when it does not read as positive whole numbers.
   */
  static List<Duration> pollDelays(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    List<Duration> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      long ms;
      try {
        ms = Long.parseLong(part.strip());
      } catch (NumberFormatException e) {
        ms = 0;
      }
      if (ms <= 0) {
        LOG.warn(
            "System property {} is not a list of positive milliseconds: {}; the client's own poll"
                + " schedule applies",
            POLL_DELAYS_PROPERTY,
            text);
        return null;
      }
      out.add(Duration.ofMillis(ms));
    }
    return List.copyOf(out);
  }

  private static OneStreamEmulator startDemo(Properties props) throws SQLException {
    int scale = Integer.parseInt(OneStreamProperty.SCALE.get(props));
    long seed = Long.parseLong(OneStreamProperty.SEED.get(props));
    try {
      return DemoServers.get(scale, seed);
    } catch (RuntimeException e) {
      throw OneStreamSqlState.CONNECTION_UNABLE_TO_CONNECT.exception(
          "The demo server could not start: " + e.getMessage(), e);
    }
  }

  /**
   * The warnings a new connection carries ({@code 01000}), in order: insecure TLS, then each
   * ignored key that looks like a misspelt property (logged here at WARN); null when none.
   */
  private static SQLWarning warnings(OneStreamDriverUri uri, boolean insecure, String serverUrl) {
    SQLWarning first = insecure ? insecureWarning(serverUrl) : null;
    for (String notice : uri.ignoredKeyNotices()) {
      LOG.warn(notice);
      SQLWarning w = new SQLWarning(notice, "01000");
      if (first == null) {
        first = w;
      } else {
        first.setNextWarning(w);
      }
    }
    return first;
  }

  /**
   * The warning a connection with {@code insecureTrustAllCertificates=true} carries; the client
   * logs the same once, when the connection's transport is made.
   */
  private static SQLWarning insecureWarning(String serverUrl) {
    return new SQLWarning(
        "insecureTrustAllCertificates=true: TLS certificates and host names are not verified for "
            + serverUrl
            + " and its token endpoint; anyone on the network path can read and change this"
            + " connection's traffic, its tokens included. For development only: use trustStore.",
        "01000");
  }

  /**
   * The certificates the connection trusts on https: the JDK's, a trust store's (read now, so that
   * a wrong password or a file that is not a trust store fails here, as {@code 22023}), or, asked
   * for by its loud name only, any.
   */
  private static TlsTrust tlsTrust(Properties props, List<String> secrets) throws SQLException {
    if (Boolean.parseBoolean(OneStreamProperty.INSECURE_TRUST_ALL_CERTIFICATES.get(props))) {
      return TlsTrust.insecureTrustAllCertificates();
    }
    String file = OneStreamProperty.TRUST_STORE.get(props);
    if (file == null) {
      return TlsTrust.jdk();
    }
    String reference = OneStreamProperty.TRUST_STORE_PASSWORD.get(props);
    Secret password = null;
    if (reference != null && !reference.isEmpty()) {
      try {
        password = Secret.resolve("trust store password", reference);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        // The message names the variable or file, never the value.
        throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(
            "Connection property 'trustStorePassword': " + e.getMessage(), null);
      }
      secrets.add(password.reveal());
    }
    try {
      return TlsTrust.trustStore(
          Path.of(file), OneStreamProperty.TRUST_STORE_TYPE.get(props), password);
    } catch (IllegalArgumentException e) {
      // The message quotes the property ('trustStore', 'trustStorePassword'), never the password.
      throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(
          "Connection property " + e.getMessage(), null);
    }
  }

  private static TokenProvider tokenProvider(Properties props, List<String> secrets, TlsTrust trust)
      throws SQLException {
    if ("oauth2".equals(OneStreamProperty.AUTH.get(props))) {
      Secret secret;
      try {
        secret =
            Secret.resolve("client secret", OneStreamProperty.CLIENT_SECRET.get(props).strip());
      } catch (IllegalArgumentException | UncheckedIOException e) {
        // The message names the variable or file, never the value.
        throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(
            "Connection property 'clientSecret': " + e.getMessage(), null);
      }
      secrets.add(secret.reveal());
      try {
        return ClientCredentialsTokenProvider.builder()
            .tokenUrl(OneStreamProperty.TOKEN_URL.get(props))
            .clientId(OneStreamProperty.CLIENT_ID.get(props))
            .clientSecret(secret)
            .scope(OneStreamProperty.SCOPE.get(props))
            // A shared token requests its refreshes through the client of the first connection
            // that bound it: only connections with the same trust (the same certificates) share,
            // so that a token of a connection that verifies is never fetched under another trust.
            .tlsTrust(trust)
            .build();
      } catch (IllegalArgumentException e) {
        throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(e.getMessage(), null);
      }
    }
    String pat = OneStreamProperty.PASSWORD.get(props);
    secrets.add(pat);
    return new PatTokenProvider(Secret.of(pat));
  }

  private static void closeQuietly(Connection c, Throwable into) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      into.addSuppressed(e);
    }
  }
}
