package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A parsed {@code jdbc:onestream:} URL with its connection properties (Trino's {@code
 * TrinoDriverUri} shape). Grammar: {@code jdbc:onestream://host[:port][/Application][?key=value&…]}
 * and {@code jdbc:onestream:demo[?key=value&…]}. Defaults are overridden by the URL, and the URL by
 * the {@link Properties} a tool passes. Parsing is strict: an unknown or repeated key in the URL, a
 * bad value, a secret in the URL or properties that do not go together fail with SQLState {@code
 * 22023} and a message naming the key (never a secret's value). Unknown keys in the {@code
 * Properties} are ignored, since tools pass their own options there; one that looks like a misspelt
 * property ({@link OneStreamProperty#near}) is named in {@link #ignoredKeyNotices()}.
 */
public final class OneStreamDriverUri {
  public static final String PREFIX = "jdbc:onestream:";
  private static final String DEMO = "demo";

  private final String url;
  private final boolean demo;
  private final String host;
  private final int port;
  private final Properties properties;
  private final List<String> ignoredKeyNotices;

  private OneStreamDriverUri(
      String url,
      boolean demo,
      String host,
      int port,
      Properties properties,
      List<String> ignoredKeyNotices) {
    this.url = url;
    this.demo = demo;
    this.host = host;
    this.port = port;
    this.properties = properties;
    this.ignoredKeyNotices = ignoredKeyNotices;
  }

  /** Whether {@code url} is one this driver takes (it may still be invalid). */
  public static boolean acceptsUrl(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** Parses {@code url} and merges {@code info} into its properties. */
  public static OneStreamDriverUri parse(String url, Properties info) throws SQLException {
    if (!acceptsUrl(url)) {
      throw invalid("The URL must start with " + PREFIX);
    }
    String rest = url.substring(PREFIX.length());
    boolean demo = rest.equals(DEMO) || rest.startsWith(DEMO + "?");
    String host = null;
    int port = -1;
    String query;
    Map<String, String> fromUrl = new LinkedHashMap<>();
    if (demo) {
      query = rest.length() > DEMO.length() ? rest.substring(DEMO.length() + 1) : null;
    } else {
      if (!rest.startsWith("//")) {
        throw invalid(
            "The URL must be " + PREFIX + "//host[:port][/Application] or " + PREFIX + DEMO);
      }
      URI uri;
      try {
        uri = new URI("onestream:" + rest);
      } catch (URISyntaxException e) {
        // The reason only, not the input: a malformed URL may hold anything.
        throw invalid("The URL is malformed at index " + e.getIndex() + ": " + e.getReason());
      }
      if (uri.getRawUserInfo() != null) {
        throw invalid("Credentials do not belong in the URL (tools log URLs): use properties");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw invalid("The URL names no host");
      }
      if (uri.getRawFragment() != null) {
        throw invalid("The URL must not have a fragment (#…)");
      }
      host = uri.getHost();
      port = uri.getPort();
      if (port == 0 || port > 65535) {
        throw invalid("The URL's port must be 1 to 65535, not " + port);
      }
      String path = uri.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        String app = path.substring(1);
        if (app.endsWith("/")) {
          app = app.substring(0, app.length() - 1);
        }
        if (app.isEmpty() || app.contains("/")) {
          throw invalid("The URL path must be one segment, the application, not " + path);
        }
        fromUrl.put(OneStreamProperty.APPLICATION.key(), decode(app));
      }
      query = uri.getRawQuery();
    }
    if (query != null && !query.isEmpty()) {
      String[] pairs = query.split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        String pair = pairs[i];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          // Not quoted: a value pasted without its key may be a secret.
          throw invalid("URL parameter " + (i + 1) + " is not of the form key=value");
        }
        String key = decode(pair.substring(0, eq));
        String value = decode(pair.substring(eq + 1));
        OneStreamProperty p = known(key);
        if (p.isSecret()) {
          throw invalid(
              "Connection property '"
                  + key
                  + "' is a secret: pass it as a property, not in the"
                  + " URL (tools log URLs)");
        }
        if (fromUrl.containsKey(key)) {
          throw invalid("Connection property '" + key + "' is given twice in the URL");
        }
        fromUrl.put(key, value);
      }
    }
    Properties merged = new Properties();
    fromUrl.forEach(merged::setProperty);
    merged.putAll(OneStreamProperty.known(info));
    List<String> notices = ignoredKeyNotices(info);
    try {
      validate(demo, merged);
    } catch (SQLException e) {
      if (notices.isEmpty()) {
        throw e;
      }
      // A misspelt key is the likely cause of a missing one: say so in the error.
      throw invalid(e.getMessage() + ". " + String.join(" ", notices));
    }
    return new OneStreamDriverUri(url, demo, host, port, merged, notices);
  }

  /**
   * A sentence for each key of {@code info} that is not a property but looks like a misspelt one
   * (its value is never quoted: it may be a secret under a misspelt name).
   */
  private static List<String> ignoredKeyNotices(Properties info) {
    if (info == null) {
      return List.of();
    }
    List<String> notices = new ArrayList<>();
    for (String key : new TreeSet<>(info.stringPropertyNames())) {
      OneStreamProperty near =
          OneStreamProperty.forKey(key) == null ? OneStreamProperty.near(key) : null;
      if (near != null) {
        notices.add(
            "Connection property '"
                + key
                + "' is not one of this driver's and is ignored; did you mean '"
                + near.key()
                + "'?");
      }
    }
    return List.copyOf(notices);
  }

  private static OneStreamProperty known(String key) throws SQLException {
    OneStreamProperty p = OneStreamProperty.forKey(key);
    if (p != null) {
      return p;
    }
    OneStreamProperty near = OneStreamProperty.near(key);
    throw invalid(
        "Connection property '"
            + key
            + "' is unknown"
            + (near == null ? "" : "; did you mean '" + near.key() + "'?"));
  }

  private static void validate(boolean demo, Properties props) throws SQLException {
    for (OneStreamProperty p : OneStreamProperty.values()) {
      String v = props.getProperty(p.key());
      if (v == null) {
        continue;
      }
      // Tools send their password fields empty when unset.
      if (v.isEmpty()
          && p != OneStreamProperty.PASSWORD
          && p != OneStreamProperty.USER
          && p != OneStreamProperty.TRUST_STORE_PASSWORD) {
        throw invalid("Connection property '" + p.key() + "' is empty");
      }
      if (!p.choices().isEmpty() && !p.choices().contains(v)) {
        throw badValue(p, v, "one of " + p.choices());
      }
    }
    checkInt(props, OneStreamProperty.SCALE, 1, 50);
    checkInt(props, OneStreamProperty.SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    checkInt(props, OneStreamProperty.CALL_BUDGET, 1, 1_000_000);
    checkInt(props, OneStreamProperty.PARALLELISM, 1, 64);
    checkInt(props, OneStreamProperty.MEMBERS_PER_REQUEST, 1, 100_000);
    checkCaffeineSpec(
        props, OneStreamProperty.METADATA_CACHE, OneStreamAdapterOptions.DEFAULT_METADATA_CACHE);
    checkCaffeineSpec(
        props, OneStreamProperty.RESULT_CACHE, "maximumSize=200,expireAfterWrite=15m");
    checkCaffeineSpec(
        props, OneStreamProperty.STATEMENT_CACHE, OneStreamProperty.STATEMENT_CACHE.defaultValue());
    String model = props.getProperty(OneStreamProperty.MODEL.key());
    if (model != null && !readableFile(model)) {
      throw badValue(OneStreamProperty.MODEL, model, "a readable JSON file");
    }
    String trustStore = props.getProperty(OneStreamProperty.TRUST_STORE.key());
    if (trustStore != null && !readableFile(trustStore)) {
      throw badValue(OneStreamProperty.TRUST_STORE, trustStore, "a readable trust store file");
    }
    for (OneStreamProperty p :
        new OneStreamProperty[] {
          OneStreamProperty.TRUST_STORE_PASSWORD, OneStreamProperty.TRUST_STORE_TYPE
        }) {
      if (trustStore == null && props.getProperty(p.key()) != null) {
        throw invalid("Connection property '" + p.key() + "' needs 'trustStore'");
      }
    }
    boolean trustAll =
        Boolean.parseBoolean(OneStreamProperty.INSECURE_TRUST_ALL_CERTIFICATES.get(props));
    if (trustAll && trustStore != null) {
      throw invalid(
          "Connection property 'insecureTrustAllCertificates' does not go with 'trustStore':"
              + " trust the trust store's certificates or all of them");
    }
    checkHttpUrl(props, OneStreamProperty.TOKEN_URL);
    checkHttpUrl(props, OneStreamProperty.WEB_SERVER_URL);
    String apiPath = props.getProperty(OneStreamProperty.API_PATH.key());
    if (apiPath != null && !apiPath.startsWith("/")) {
      throw badValue(OneStreamProperty.API_PATH, apiPath, "a path starting with /");
    }
    boolean oauth = "oauth2".equals(OneStreamProperty.AUTH.get(props));
    if (demo) {
      for (OneStreamProperty p :
          new OneStreamProperty[] {
            OneStreamProperty.TOKEN_URL, OneStreamProperty.CLIENT_ID,
            OneStreamProperty.CLIENT_SECRET, OneStreamProperty.WEB_SERVER_URL,
            OneStreamProperty.TRUST_STORE
          }) {
        if (props.getProperty(p.key()) != null) {
          throw invalid("Connection property '" + p.key() + "' does not go with demo mode");
        }
      }
      if (trustAll) {
        throw invalid(
            "Connection property 'insecureTrustAllCertificates' does not go with demo mode,"
                + " which is http");
      }
      if (oauth) {
        throw invalid("Demo mode makes its own Personal Access Token: auth must be pat");
      }
      return;
    }
    for (OneStreamProperty p :
        new OneStreamProperty[] {OneStreamProperty.SCALE, OneStreamProperty.SEED}) {
      if (props.getProperty(p.key()) != null) {
        throw invalid("Connection property '" + p.key() + "' is for demo mode only");
      }
    }
    if (props.getProperty(OneStreamProperty.APPLICATION.key()) == null) {
      throw invalid("No application: give it as the URL path or the property 'application'");
    }
    if (oauth) {
      for (OneStreamProperty p :
          new OneStreamProperty[] {
            OneStreamProperty.TOKEN_URL,
            OneStreamProperty.CLIENT_ID,
            OneStreamProperty.CLIENT_SECRET
          }) {
        if (props.getProperty(p.key()) == null) {
          throw invalid("auth=oauth2 needs connection property '" + p.key() + "'");
        }
      }
    } else {
      String pat = props.getProperty(OneStreamProperty.PASSWORD.key());
      if (pat == null || pat.isEmpty()) {
        throw invalid("auth=pat needs the Personal Access Token as property 'password'");
      }
      for (OneStreamProperty p :
          new OneStreamProperty[] {
            OneStreamProperty.TOKEN_URL, OneStreamProperty.CLIENT_ID,
            OneStreamProperty.CLIENT_SECRET, OneStreamProperty.SCOPE
          }) {
        if (props.getProperty(p.key()) != null) {
          throw invalid("Connection property '" + p.key() + "' needs auth=oauth2");
        }
      }
    }
    if ((trustStore != null || trustAll) && !callsHttps(props, oauth)) {
      throw invalid(
          "Connection property '"
              + (trustAll ? "insecureTrustAllCertificates" : "trustStore")
              + "' is for https, and with ssl=false this connection makes no https call");
    }
  }

  /** Whether the connection calls an https URL: the server's, or an OAuth2 token endpoint's. */
  private static boolean callsHttps(Properties props, boolean oauth) {
    String tokenUrl = props.getProperty(OneStreamProperty.TOKEN_URL.key());
    return Boolean.parseBoolean(OneStreamProperty.SSL.get(props))
        || oauth && tokenUrl != null && tokenUrl.regionMatches(true, 0, "https:", 0, 6);
  }

  private static void checkCaffeineSpec(Properties props, OneStreamProperty p, String example)
      throws SQLException {
    String spec = props.getProperty(p.key());
    if (spec != null) {
      try {
        // Built, not only parsed: Caffeine parses maximumSize=-5 and refuses it when building.
        OneStreamAdapterOptions.checkCacheSpec(spec);
      } catch (IllegalArgumentException e) {
        throw badValue(p, spec, "a Caffeine spec such as " + example + "; " + e.getMessage());
      }
    }
  }

  private static boolean readableFile(String path) {
    try {
      java.nio.file.Path p = java.nio.file.Path.of(path);
      return java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isReadable(p);
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private static void checkInt(Properties props, OneStreamProperty p, long min, long max)
      throws SQLException {
    String v = props.getProperty(p.key());
    if (v == null) {
      return;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw badValue(p, v, "a whole number from " + min + " to " + max);
      }
    } catch (NumberFormatException e) {
      throw badValue(p, v, "a whole number");
    }
  }

  private static void checkHttpUrl(Properties props, OneStreamProperty p) throws SQLException {
    String v = props.getProperty(p.key());
    if (v == null) {
      return;
    }
    try {
      URI u = new URI(v);
      String scheme = u.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || u.getHost() == null) {
        throw badValue(p, v, "an http or https URL");
      }
    } catch (URISyntaxException e) {
      throw badValue(p, v, "an http or https URL");
    }
  }

  private static String decode(String s) throws SQLException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("The URL holds a malformed %-escape");
    }
  }

  private static SQLException badValue(OneStreamProperty p, String value, String expected) {
    return invalid(
        "Connection property '"
            + p.key()
            + "' value is invalid: "
            + (p.isSecret() ? "(secret)" : value)
            + " (expected "
            + expected
            + ")");
  }

  private static SQLException invalid(String message) {
    return OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(message, null);
  }

  /**
   * The URL as given. It holds no secret: parsing refuses credentials and secret properties ({@code
   * password}, {@code clientSecret}, {@code trustStorePassword}) in the URL, so it may be shown and
   * logged.
   */
  public String url() {
    return url;
  }

  public boolean isDemo() {
    return demo;
  }

  /** The server's host; null in demo mode. */
  public String host() {
    return host;
  }

  /** The port, or -1 for the scheme's default. */
  public int port() {
    return port;
  }

  /** The server URL the client speaks to: https unless {@code ssl=false}; null in demo mode. */
  public String serverUrl() {
    if (demo) {
      return null;
    }
    boolean ssl = Boolean.parseBoolean(OneStreamProperty.SSL.get(properties));
    return (ssl ? "https" : "http") + "://" + host + (port < 0 ? "" : ":" + port);
  }

  /**
   * One sentence for each key of the {@code Properties} that was ignored though it looks like a
   * misspelt property ("did you mean …?"); the connection logs each at WARN and carries it as a
   * {@code 01000} warning.
   */
  public List<String> ignoredKeyNotices() {
    return ignoredKeyNotices;
  }

  /** The merged properties (defaults are not filled in; {@link OneStreamProperty#get} does). */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  @Override
  public String toString() {
    return demo ? PREFIX + DEMO : PREFIX + "//" + host + (port < 0 ? "" : ":" + port);
  }
}
