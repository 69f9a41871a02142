package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import java.sql.DriverPropertyInfo;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every connection property of the driver, in one place (pgjdbc's {@code PGProperty} shape): its
 * key, default, description, whether it is required, the values it allows, and whether it holds a
 * secret. {@code getPropertyInfo()} and the typed getters derive from it, and a test keeps the
 * README's property table equal to it.
 */
public enum OneStreamProperty {
  // Essentials
  APPLICATION(
      "application",
      null,
      "The OneStream application to open; the URL path gives it too."
          + " Required except in demo mode.",
      false,
      Section.ESSENTIALS),
  AUTH(
      "auth",
      "pat",
      "How to get tokens: a Personal Access Token, or OAuth2 client credentials.",
      false,
      Section.ESSENTIALS,
      "pat",
      "oauth2"),
  PASSWORD(
      "password",
      null,
      "The Personal Access Token (auth=pat): the password field of DBeaver and Tableau.",
      false,
      Section.ESSENTIALS),
  USER(
      "user",
      null,
      "Accepted and ignored: a PAT names its user. Tools send it.",
      false,
      Section.ESSENTIALS),
  // OAuth2 client credentials
  TOKEN_URL(
      "tokenUrl",
      null,
      "The OAuth2 token endpoint of Entra ID, Okta or PingFederate (auth=oauth2).",
      false,
      Section.FREQUENTLY),
  CLIENT_ID("clientId", null, "The OAuth2 client id (auth=oauth2).", false, Section.FREQUENTLY),
  CLIENT_SECRET(
      "clientSecret",
      null,
      "The OAuth2 client secret (auth=oauth2); env:NAME or file:/path read it from there.",
      false,
      Section.FREQUENTLY),
  SCOPE(
      "scope",
      null,
      "The OAuth2 scope, such as api://<app-id>/.default.",
      false,
      Section.FREQUENTLY),
  SSL(
      "ssl",
      "true",
      "HTTPS; false for plain HTTP (the demo emulator, a local test server).",
      false,
      Section.FREQUENTLY,
      "true",
      "false"),
  TRUST_STORE(
      "trustStore",
      null,
      "A PKCS12, JKS or PEM file of the certificates to trust over HTTPS, in place of the JDK's:"
          + " a self-signed server's own, or a company CA's. It applies to the token endpoint too;"
          + " host names are still verified.",
      false,
      Section.FREQUENTLY),
  TRUST_STORE_PASSWORD(
      "trustStorePassword",
      null,
      "The trust store's password, if it has one; env:NAME or file:/path read it from there.",
      false,
      Section.FREQUENTLY),
  TRUST_STORE_TYPE(
      "trustStoreType",
      null,
      "The trust store's format; by default read from the file.",
      false,
      Section.FREQUENTLY,
      "PKCS12",
      "JKS",
      "PEM"),
  CALL_BUDGET(
      "callBudget",
      String.valueOf(OneStreamAdapterOptions.DEFAULT_CALL_BUDGET),
      "The most API calls one statement may make; a statement that needs more fails before"
          + " sending any, naming the predicate that would narrow it.",
      false,
      Section.FREQUENTLY),
  // Rarely used
  API_VERSION(
      "apiVersion",
      "7.2.0",
      "The OneStream api-version to speak.",
      false,
      Section.RARELY,
      "7.2.0",
      "5.2.0"),
  API_PATH(
      "apiPath",
      "/OneStreamApi",
      "Where the API is mounted on the server; / for the root.",
      false,
      Section.RARELY),
  WEB_SERVER_URL(
      "webServerUrl",
      null,
      "BaseWebServerUrl sent to the server; by default the server URL + /OneStreamWeb.",
      false,
      Section.RARELY),
  RESULT_CACHE(
      "resultCache",
      null,
      "Keeps answers to reuse, sized and timed by a Caffeine spec (maximumSize=200,"
          + "expireAfterWrite=15m); off when unset. Completed Data Management work empties it.",
      false,
      Section.FREQUENTLY),
  MODEL(
      "model",
      null,
      "A JSON file listing the cube views and their parameters, for a role that cannot list them"
          + " through the administrator SQL endpoint.",
      false,
      Section.RARELY),
  ADMIN_SQL(
      "adminSql",
      "false",
      "Turns on TABLE(os_sql('SELECT ...')), one read-only statement through the administrator SQL"
          + " endpoint (Administrator role).",
      false,
      Section.RARELY,
      "true",
      "false"),
  METADATA_CACHE(
      "metadataCache",
      OneStreamAdapterOptions.DEFAULT_METADATA_CACHE,
      "How long table shapes and members are cached, as a Caffeine spec.",
      false,
      Section.RARELY),
  STATEMENT_CACHE(
      "statementCache",
      "maximumSize=256,expireAfterWrite=10m",
      "Keeps the plans of Statement queries, keyed on their text with the literals of their"
          + " conditions as parameters, as a Caffeine spec; maximumSize=0 turns it off.",
      false,
      Section.RARELY),
  PARALLELISM(
      "parallelism",
      String.valueOf(OneStreamAdapterOptions.DEFAULT_PARALLELISM),
      "How many API calls of one statement run at once (1 to 64).",
      false,
      Section.RARELY),
  MEMBERS_PER_REQUEST(
      "membersPerRequest",
      String.valueOf(OneStreamAdapterOptions.DEFAULT_MEMBERS_PER_REQUEST),
      "The most members of one dimension a cube-cells request lists (an IN becomes one request"
          + " with a member list); 1 sends one request per member, run in parallel.",
      false,
      Section.RARELY),
  SCALE(
      "scale",
      "1",
      "Demo mode only: multiplies the demo's entities, products and accounts.",
      false,
      Section.RARELY),
  SEED("seed", "42", "Demo mode only: the seed of the demo data.", false, Section.RARELY),
  INSECURE_TRUST_ALL_CERTIFICATES(
      "insecureTrustAllCertificates",
      "false",
      "Development only: trusts any certificate for any host name, so that anyone on the network"
          + " path can read and change the traffic, tokens included. Logs a warning and adds one to"
          + " the connection; a trustStore trusts a self-signed server safely.",
      false,
      Section.RARELY,
      "true",
      "false");

  /** Where the README lists a property. */
  public enum Section {
    ESSENTIALS,
    FREQUENTLY,
    RARELY
  }

  private final String key;
  private final String defaultValue;
  private final String description;
  private final boolean required;
  private final Section section;
  private final List<String> choices;

  OneStreamProperty(
      String key,
      String defaultValue,
      String description,
      boolean required,
      Section section,
      String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.required = required;
    this.section = section;
    this.choices = List.of(choices);
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public boolean required() {
    return required;
  }

  public Section section() {
    return section;
  }

  /** The values allowed; empty when any value of the right shape is. */
  public List<String> choices() {
    return choices;
  }

  /** Whether the value is a secret: never in a URL, a message or a log. */
  public boolean isSecret() {
    return this == PASSWORD || this == CLIENT_SECRET || this == TRUST_STORE_PASSWORD;
  }

  /** The property called {@code key} (exact spelling), or null. */
  public static OneStreamProperty forKey(String key) {
    for (OneStreamProperty p : values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The property {@code key} most likely misspells, for "did you mean" messages: the one spelt the
   * same ignoring case, else the nearest at most two edits away (ignoring case) when {@code key}
   * has four characters or more; or null.
   */
  static OneStreamProperty near(String key) {
    OneStreamProperty best = null;
    int bestDistance = Integer.MAX_VALUE;
    if (key == null) {
      return null;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    for (OneStreamProperty p : values()) {
      String other = p.key.toLowerCase(Locale.ROOT);
      if (other.equals(lower)) {
        return p;
      }
      if (lower.length() >= 4) {
        int d = NEAR.apply(lower, other);
        if (d >= 0 && d < bestDistance) {
          best = p;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  /** Edit distances up to 2 (−1 beyond). */
  private static final LevenshteinDistance NEAR = new LevenshteinDistance(2);

  /**
   * The entries of {@code info} that are properties of this driver, with their values; the others
   * are left out, since Spark and other tools pass their own options there. Null gives none.
   */
  static Properties known(Properties info) {
    Properties out = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        if (forKey(key) != null) {
          out.setProperty(key, info.getProperty(key));
        }
      }
    }
    return out;
  }

  /** The value in {@code props}, or the default. */
  public String get(Properties props) {
    return props.getProperty(key, defaultValue);
  }

  /** What {@code Driver.getPropertyInfo} reports for this property, secrets left out. */
  public DriverPropertyInfo toDriverPropertyInfo(Properties props) {
    DriverPropertyInfo info = new DriverPropertyInfo(key, isSecret() ? null : get(props));
    info.description = description;
    info.required = required;
    info.choices = choices.isEmpty() ? null : choices.toArray(new String[0]);
    return info;
  }
}
