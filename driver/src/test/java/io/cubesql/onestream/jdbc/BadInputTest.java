package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static io.cubesql.onestream.jdbc.OneStreamConnectionTest.allMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input through {@code DriverManager}, table-driven. Every case asserts the outcome (an
 * SQLException with its SQLState and a message naming the problem, or the right rows, computed
 * independently) and what the emulator received meanwhile: nothing at all when the driver refuses
 * before sending, else exactly the expected member filters or substitution variables.
 *
 * <p>Each connection first reads what a statement looks up once (the cube list, the member lists of
 * the dimensions used, the cube view list and shape), so that a case's requests are its own.
 */
@ExtendWith(GolfStreamEmulator.class)
class BadInputTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String PAGES = "Analytics/GetDataRequest";
  private static final String CUBE_VIEW = "DataProvider/GetAdoDataSetForCubeViewCommand";

  /** Cube cells of one month and account; the {@code Entity} predicate is the case's. */
  private static final String CELL_QUERY =
      "SELECT Entity, UD1, UD2, Scenario, CellValue FROM cubes.GolfStream"
          + " WHERE \"Time\" = '2024M3' AND Account = 'Rent' AND ";

  /** A cube view of one month; the {@code Entity} parameter is the case's. */
  private static final String VIEW_QUERY =
      "SELECT Entity, \"Time\", Account, Actual FROM cubeviews.ActualVsBudget"
          + " WHERE \"Time\" = '2024M3' AND ";

  private final OneStreamEmulator emulator;

  BadInputTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  // ------------------------------------------------------------------ injection attempts

  /** What a value in an {@code Entity} predicate must lead to. */
  private enum Expect {
    /** 22023 naming the value's problem, before anything is sent. */
    REFUSED,
    /** Not a member: no rows, nothing sent (only the other values of an IN are asked for). */
    NO_MEMBER,
    /** Sent as it is; the server answers 400, which is 22023 with the server's message. */
    SERVER_REFUSES,
    /** A member: its rows, asked for as written. */
    ROWS
  }

  /**
   * One value, what cube cells and a cube view parameter make of it, and a fragment of the message
   * where one is expected.
   */
  private record Value(String label, String value, Expect cells, Expect view, String message) {}

  private static final String TEN_KB = "x".repeat(10_000);
  private static final String ONE_MB = "y".repeat(1 << 20);

  private static final List<Value> VALUES =
      List.of(
          // Escaping the Name=[Value] form or the bracketed name: refused everywhere.
          new Value(
              "closes the bracket",
              "Houston],Time=[2020M1",
              Expect.REFUSED,
              Expect.REFUSED,
              "contains ']'"),
          new Value("a parameter", "|!x!|", Expect.REFUSED, Expect.REFUSED, "contains '|!'"),
          new Value(
              "a parameter after a name",
              "Houston|!Entity!|",
              Expect.REFUSED,
              Expect.REFUSED,
              "contains '|!'"),
          new Value("brackets", "[Houston]", Expect.REFUSED, Expect.REFUSED, "contains ']'"),
          new Value("LF", "Hou\nston", Expect.REFUSED, Expect.REFUSED, "control character"),
          new Value("CR", "Hou\rston", Expect.REFUSED, Expect.REFUSED, "control character"),
          new Value("tab", "Hou\tston", Expect.REFUSED, Expect.REFUSED, "control character"),
          new Value("NUL", "Hou\u0000ston", Expect.REFUSED, Expect.REFUSED, "control character"),
          new Value("empty", "", Expect.REFUSED, Expect.REFUSED, "nothing but blanks"),
          new Value("blanks", "   ", Expect.REFUSED, Expect.REFUSED, "nothing but blanks"),
          // Member-filter syntax: harmless in a bracketed member name (not a member, never sent),
          // syntax in a cube view's E#|!Entity!|, so refused there.
          new Value(
              "a token and an expansion",
              "E#Houston.Base",
              Expect.NO_MEMBER,
              Expect.REFUSED,
              "contains '#'"),
          new Value(
              "a comma", "Houston, Augusta", Expect.NO_MEMBER, Expect.REFUSED, "contains ','"),
          new Value(
              "a comma and a token",
              "Houston, E#Augusta",
              Expect.NO_MEMBER,
              Expect.REFUSED,
              "contains ','"),
          new Value(
              "a second dimension",
              "Houston:A#Sales",
              Expect.NO_MEMBER,
              Expect.REFUSED,
              "contains ':'"),
          new Value(
              "an expansion", "US Clubs.Base", Expect.NO_MEMBER, Expect.REFUSED, "contains '.'"),
          new Value(
              "a Where clause",
              "Houston.Where(Name Contains x)",
              Expect.NO_MEMBER,
              Expect.REFUSED,
              "contains '.'"),
          new Value("a parenthesis", "Hou(ston", Expect.NO_MEMBER, Expect.REFUSED, "'('"),
          new Value(
              "a leading blank",
              " Houston",
              Expect.NO_MEMBER,
              Expect.REFUSED,
              "begins or ends with a blank"),
          new Value("10 KB", TEN_KB, Expect.NO_MEMBER, Expect.REFUSED, "10000 characters long"),
          new Value("1 MB", ONE_MB, Expect.NO_MEMBER, Expect.REFUSED, "1048576 characters long"),
          // Nothing dangerous, but no such member: the cube view's server says so.
          new Value(
              "Unicode",
              "Zürich ✓",
              Expect.NO_MEMBER,
              Expect.SERVER_REFUSES,
              "The member 'Zürich ✓' does not exist"),
          new Value(
              "a parameter's closing marker",
              "Houston!|",
              Expect.NO_MEMBER,
              Expect.SERVER_REFUSES,
              "does not exist"),
          // Names match exactly in cells (SQL's =); the server resolves a cube view's parameter
          // ignoring case, and the column shows the value as asked.
          new Value("another case", "houston", Expect.NO_MEMBER, Expect.ROWS, null),
          // Members, for contrast: asked for as written.
          new Value("a member", "Houston", Expect.ROWS, Expect.ROWS, null),
          new Value("a parent with a blank", "US Clubs", Expect.ROWS, Expect.ROWS, null),
          new Value("an ampersand", "Accessories & Apparel", Expect.ROWS, Expect.ROWS, null));

  /** How the value reaches the SQL: the predicate and its parameters (none: a Statement). */
  private enum Form {
    LITERAL,
    IN_LIST,
    PARAMETER,
    IN_PARAMETERS;

    String predicate(String value) {
      String literal = "'" + value.replace("'", "''") + "'";
      switch (this) {
        case LITERAL:
          return "Entity = " + literal;
        case IN_LIST:
          return "Entity IN ('Augusta', " + literal + ")";
        case PARAMETER:
          return "Entity = ?";
        default:
          return "Entity IN (?, ?)";
      }
    }

    Object[] params(String value) {
      switch (this) {
        case PARAMETER:
          return new Object[] {value};
        case IN_PARAMETERS:
          return new Object[] {"Augusta", value};
        default:
          return new Object[0];
      }
    }

    /** The values the statement asks for: Augusta too in the two IN forms. */
    List<String> asked(String value) {
      return this == IN_LIST || this == IN_PARAMETERS ? List.of("Augusta", value) : List.of(value);
    }
  }

  @Test
  void injectionAttemptsInCubeCellsAreRefusedOrSelectNothing() throws SQLException {
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      // The reference: every entity's cells of the month, from one wider pushed read.
      List<List<Object>> wide = query(c, CELL_QUERY + "1 = 1").rows();
      Set<String> members = members(c, "Entity", m -> true);
      for (Value v : VALUES) {
        for (Form form : Form.values()) {
          String label = v.label() + ", " + form;
          Outcome o = query(c, CELL_QUERY + form.predicate(v.value()), form.params(v.value()));
          if (v.cells() == Expect.REFUSED) {
            assertRefused(o, label, "22023", "for column 'Entity'", v.message());
            continue;
          }
          assertThat((Object) o.error()).as(label).isNull();
          List<String> sent = new ArrayList<>();
          for (String name : form.asked(v.value())) {
            if (members.contains(name)) {
              sent.add(name);
            }
          }
          // A parent's cells are the server's (stored by a consolidation, which other tests may
          // or may not have run): not in the wide read of base cells, so only its request counts.
          if (!v.value().equals("US Clubs")) {
            assertThat(o.rows())
                .as(label)
                .containsExactlyInAnyOrderElementsOf(
                    wide.stream().filter(r -> sent.contains((String) r.get(0))).toList());
          }
          assertCellRequests(
              o,
              label,
              sent.isEmpty()
                  ? List.of()
                  : List.of(
                      Map.of(
                          "TimeFilter", Set.of("2024M3"),
                          "AccountFilter", Set.of("Rent"),
                          "EntityFilter", Set.copyOf(sent))));
        }
      }
    }
  }

  @Test
  void injectionAttemptsInCubeViewParametersAreRefusedBeforeSending() throws SQLException {
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      for (Value v : VALUES) {
        for (Form form : Form.values()) {
          String label = v.label() + ", " + form;
          if (v.view() == Expect.SERVER_REFUSES
              && (form == Form.IN_LIST || form == Form.IN_PARAMETERS)) {
            // Two requests in parallel, one refused: the other may be logged only after the
            // statement has failed, so the log cannot be read exactly here.
            continue;
          }
          Outcome o = query(c, VIEW_QUERY + form.predicate(v.value()), form.params(v.value()));
          switch (v.view()) {
            case REFUSED:
              assertRefused(o, label, "22023", "cube view parameter 'Entity'", v.message());
              break;
            case SERVER_REFUSES:
              assertThat((Object) o.error()).as(label).isNotNull();
              assertThat(o.error().getSQLState()).as(label).isEqualTo("22023");
              assertThat(o.error().getMessage())
                  .as(label)
                  .contains("GetAdoDataSetForCubeViewCommand", "(HTTP 400)")
                  .contains(v.message() == null ? "" : v.message());
              assertThat(substVars(o)).as(label).containsExactly(vars(v.value()));
              break;
            default:
              assertThat((Object) o.error()).as(label).isNull();
              // A parent has rows only once a consolidation has stored its cells (zero rows are
              // suppressed); every row shows the value it was asked for.
              Set<String> shown = new TreeSet<>(form.asked(v.value()));
              if (v.value().equals("US Clubs")) {
                shown.remove("US Clubs");
              }
              assertThat(o.rows().stream().map(r -> r.get(0)).collect(Collectors.toSet()))
                  .as(label)
                  .containsAll(shown)
                  .isSubsetOf(form.asked(v.value()));
              assertThat(substVars(o))
                  .as(label)
                  .containsExactlyInAnyOrderElementsOf(
                      form.asked(v.value()).stream().map(BadInputTest::vars).toList());
          }
        }
      }
    }
  }

  private static String vars(String entity) {
    return "Entity=[" + entity + "],Time=[2024M3]";
  }

  // ------------------------------------------------------------------ LIKE

  /** A pattern and its escape character, or null. */
  private record Like(String pattern, Character escape) {
    String sql() {
      return "LIKE '"
          + pattern.replace("'", "''")
          + "'"
          + (escape == null ? "" : " ESCAPE '" + escape + "'");
    }

    /** SQL's LIKE as a regular expression: case-sensitive, the whole name. */
    Pattern regex() {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char ch = pattern.charAt(i);
        if (escape != null && ch == escape) {
          re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else if (ch == '%') {
          re.append(".*");
        } else if (ch == '_') {
          re.append('.');
        } else {
          re.append(Pattern.quote(String.valueOf(ch)));
        }
      }
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
  }

  private static final List<Like> PATTERNS =
      List.of(
          new Like("H%", null),
          new Like("%o%", null),
          new Like("Hou_ton", null),
          new Like("Q%C_ty", null),
          new Like("%s", null),
          new Like("_%", null), // every base member: sent without an entity filter
          new Like("%", null),
          new Like("h%", null), // case-sensitive: nothing
          new Like("%&%", null),
          new Like("Accessories & %", null),
          // Escapes: the escaped character is literal.
          new Like("Hou\\_ton", '\\'),
          new Like("Hous!%", '!'),
          new Like("%!_%", '!'),
          new Like("%!%%", '!'),
          // Injection-looking text: no base member matches, so nothing is sent.
          new Like("Houston],Time=[%", null),
          new Like("%|!Entity!|%", null),
          new Like("%, %", null),
          new Like("%:A#%", null),
          new Like("%.Base", null),
          new Like("%.Where(Name Contains x)%", null),
          new Like("%\n%", null));

  @Test
  void likePatternsGiveWhatTheSqlEngineGivesAndAskForTheMatchingBaseMembers() throws SQLException {
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      List<List<Object>> wide = query(c, CELL_QUERY + "1 = 1").rows();
      Set<String> base = members(c, "Entity", m -> true, "IsBase");
      for (Like like : PATTERNS) {
        String label = like.sql();
        Pattern re = like.regex();
        Outcome pushed = query(c, CELL_QUERY + "Entity " + like.sql());
        assertThat((Object) pushed.error()).as(label).isNull();
        // The same rows as the wide read filtered in Java, and as Calcite's own LIKE on it.
        assertThat(pushed.rows())
            .as(label)
            .containsExactlyInAnyOrderElementsOf(
                wide.stream().filter(r -> re.matcher((String) r.get(0)).matches()).toList());
        Outcome residual = query(c, CELL_QUERY + "(Entity || '') " + like.sql());
        assertThat(residual.rows()).as(label).containsExactlyInAnyOrderElementsOf(pushed.rows());
        assertCellRequests(residual, label, List.of(monthAndRent()));

        Set<String> matching = new TreeSet<>();
        base.stream().filter(n -> re.matcher(n).matches()).forEach(matching::add);
        if (matching.isEmpty()) {
          assertCellRequests(pushed, label, List.of());
        } else if (matching.size() == base.size()) {
          assertCellRequests(pushed, label, List.of(monthAndRent()));
        } else {
          Map<String, Set<String>> f = new TreeMap<>(monthAndRent());
          f.put("EntityFilter", matching);
          assertCellRequests(pushed, label, List.of(f));
        }
      }
      // A pattern bound at run time is not pushed: the wider read, filtered by the engine.
      Outcome bound = query(c, CELL_QUERY + "Entity LIKE ?", "Hou%");
      assertThat(bound.rows())
          .containsExactlyInAnyOrderElementsOf(
              wide.stream().filter(r -> r.get(0).equals("Houston")).toList());
      assertCellRequests(bound, "LIKE ?", List.of(monthAndRent()));
      // An invalid escape is 22025, found before anything is sent when the pattern is pushed.
      for (String bad : List.of("LIKE 'Hous\\' ESCAPE '\\'", "LIKE 'H%' ESCAPE 'ab'")) {
        assertRefused(
            query(c, CELL_QUERY + "Entity " + bad), bad, "22025", "A LIKE pattern is invalid");
        Outcome late = query(c, VIEW_QUERY + "Entity = 'Houston' AND Account " + bad);
        assertThat(late.error().getSQLState()).as(bad).isEqualTo("22025");
        // On constants the LIKE runs in code Calcite generates, where its error comes as an Error:
        // still 22025 through every way of running it, again when run again.
        assertRefused(query(c, "SELECT 'Houston' " + bad), bad, "22025", "escape");
        String constant = "VALUES 'Houston' " + bad;
        try (Statement st = c.createStatement();
            PreparedStatement ps = c.prepareStatement(constant)) {
          List<ThrowingCallable> runs =
              List.of(
                  () -> st.executeQuery(constant),
                  () -> st.executeQuery(constant),
                  () -> st.execute(constant),
                  () -> {
                    try (Statement other = c.createStatement()) {
                      other.executeQuery(constant);
                    }
                  },
                  ps::executeQuery,
                  ps::executeQuery,
                  ps::execute);
          for (ThrowingCallable run : runs) {
            assertThatThrownBy(run)
                .as(bad)
                .isInstanceOfSatisfying(
                    SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22025"));
          }
        }
      }
      // NOT LIKE is not pushed either.
      Outcome not = query(c, CELL_QUERY + "Entity NOT LIKE '%o%'");
      assertThat(not.rows())
          .containsExactlyInAnyOrderElementsOf(
              wide.stream().filter(r -> !((String) r.get(0)).contains("o")).toList());
      assertCellRequests(not, "NOT LIKE", List.of(monthAndRent()));
    }
  }

  private static Map<String, Set<String>> monthAndRent() {
    return Map.of("TimeFilter", Set.of("2024M3"), "AccountFilter", Set.of("Rent"));
  }

  // ------------------------------------------------------------------ unknown names

  /** A statement, and the state and message fragment it must fail with (null state: it runs). */
  private record Named(String sql, String state, String message) {}

  private static final List<Named> NAMES =
      List.of(
          new Named("SELECT * FROM cubes.NoSuchCube", "42S02", "'NoSuchCube' not found"),
          new Named("SELECT * FROM nosuch.GolfStream", "42S02", "'nosuch' not found"),
          new Named("SELECT * FROM cubeviews.NoSuchView", "42S02", "'NoSuchView' not found"),
          new Named("SELECT * FROM dimensions.NoSuchDim", "42S02", "'NoSuchDim' not found"),
          new Named(
              "SELECT * FROM cubeviews.GolfStream", "42S02", "'GolfStream' not found"), // a cube
          new Named("SELECT NoSuchColumn FROM cubes.GolfStream", "42S22", "'NoSuchColumn'"),
          new Named(
              "SELECT * FROM cubeviews.ActualVsBudget WHERE Scenario = 'Actual'",
              "42S22",
              "'Scenario' not found"), // not a parameter of this cube view
          new Named("SELECT Entity_Description FROM cubes.GolfStream", "42S22", "'Entity_Desc"),
          new Named("SELECT FROM cubes.GolfStream", "42000", "FROM"),
          new Named("SELECT NO_SUCH_FN(Entity) FROM cubes.GolfStream", "42000", "NO_SUCH_FN"),
          // Unquoted and quoted names match in any case.
          new Named("SELECT * FROM CUBES.GOLFSTREAM WHERE 1=0", null, null),
          new Named("SELECT * FROM \"cubes\".\"golfstream\" WHERE 1=0", null, null),
          new Named("SELECT * FROM \"CUBEVIEWS\".\"ActualVsBudget\" WHERE 1=0", null, null),
          new Named(
              "SELECT \"entity\", ENTITY, Entity FROM cubes.GolfStream WHERE 1=0", null, null),
          new Named(
              "SELECT * FROM cubeviews.actualvsbudget WHERE \"ENTITY\" = 'x' AND 1=0", null, null),
          // Member names match exactly, as SQL's = does: nothing to ask for.
          new Named("SELECT * FROM cubes.GolfStream WHERE entity = 'houston'", null, null),
          new Named("SELECT * FROM cubes.GolfStream WHERE Entity = 'Atlantis'", null, null));

  @Test
  void unknownNamesAreTheirSqlStatesAndNothingIsSent() throws SQLException {
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      for (Named n : NAMES) {
        Outcome o = query(c, n.sql());
        if (n.state() == null) {
          assertThat((Object) o.error()).as(n.sql()).isNull();
          assertThat(o.rows()).as(n.sql()).isEmpty();
          assertThat(o.sent()).as(n.sql()).isEmpty();
        } else {
          assertRefused(o, n.sql(), n.state(), n.message());
        }
      }
    }
  }

  // ------------------------------------------------------------------ URLs and properties

  /**
   * A URL (BASE stands for the emulator's, so that a URL accepted by mistake would reach it) and
   * properties (key=value, comma-separated), the SQLState and a message fragment.
   */
  private record Url(String url, String props, String state, String message) {}

  private static final List<Url> URLS =
      List.of(
          // Not a URL of this driver: DriverManager's own answer.
          new Url("jdbc:onestrem://h/GolfStream", "", "08001", "No suitable driver"),
          // Malformed
          new Url("jdbc:onestream:", "", "22023", "must be jdbc:onestream://host"),
          new Url("jdbc:onestream:/h/GolfStream", "", "22023", "must be jdbc:onestream://host"),
          new Url("jdbc:onestream://", "", "22023", "malformed"),
          new Url("jdbc:onestream:///GolfStream", "", "22023", "names no host"),
          new Url("jdbc:onestream:demo2", "", "22023", "must be jdbc:onestream://host"),
          new Url("jdbc:onestream:DEMO", "", "22023", "must be jdbc:onestream://host"),
          new Url("jdbc:onestream://h:99999/GolfStream", "", "22023", "port must be 1 to 65535"),
          new Url("jdbc:onestream://h/Golf/Stream", "", "22023", "one segment"),
          new Url("jdbc:onestream://u:p@h/GolfStream", "", "22023", "Credentials"),
          new Url("BASE#x", "", "22023", "fragment"),
          new Url("BASE&callBudget", "", "22023", "parameter 2 is not of the form key=value"),
          new Url("BASE&callBudget=%zz", "", "22023", "malformed"),
          new Url("BASE&callBudget= 5", "", "22023", "malformed"),
          new Url("jdbc:onestream://h", "", "22023", "No application"),
          // Unknown, repeated, secret or out of place keys in the URL
          new Url("BASE&colour=blue", "", "22023", "'colour' is unknown"),
          new Url("BASE&callbudget=5", "", "22023", "did you mean 'callBudget'"),
          new Url("BASE&callBudget=1&callBudget=2", "", "22023", "'callBudget' is given twice"),
          new Url("BASE&password=x", "", "22023", "'password' is a secret"),
          new Url("BASE&scale=2", "", "22023", "'scale' is for demo mode only"),
          new Url("BASE&clientId=c", "", "22023", "'clientId' needs auth=oauth2"),
          new Url("jdbc:onestream:demo?tokenUrl=http://x", "", "22023", "demo mode"),
          // Bad numbers, in the URL and in the properties
          new Url("BASE&callBudget=abc", "", "22023", "'callBudget' value is invalid: abc"),
          new Url("BASE", "callBudget=abc", "22023", "'callBudget' value is invalid: abc"),
          new Url("BASE&callBudget=-1", "", "22023", "'callBudget' value is invalid: -1"),
          new Url("BASE", "callBudget=0", "22023", "'callBudget' value is invalid: 0"),
          new Url("BASE", "callBudget=99999999999", "22023", "from 1 to 1000000"),
          new Url("BASE", "callBudget=1.5", "22023", "'callBudget' value is invalid: 1.5"),
          new Url("BASE", "membersPerRequest=0", "22023", "'membersPerRequest' value is invalid"),
          new Url("BASE", "parallelism=65", "22023", "'parallelism' value is invalid: 65"),
          new Url("BASE", "callBudget=", "22023", "'callBudget' is empty"),
          // Bad Caffeine specs: unparsable, and parsable but refused when a cache is built
          new Url("BASE", "metadataCache=forever", "22023", "'metadataCache' value is invalid"),
          new Url("BASE&resultCache=bogus", "", "22023", "'resultCache' value is invalid: bogus"),
          new Url("BASE", "statementCache=expireAfterWrite=10", "22023", "must end with one of"),
          new Url("BASE", "metadataCache=maximumSize=-5", "22023", "must not be negative"),
          new Url("BASE", "resultCache=maximumWeight=10", "22023", "requires weigher"),
          new Url("BASE", "statementCache=refreshAfterWrite=1m", "22023", "LoadingCache"),
          new Url("BASE", "metadataCache=weakKeys", "22023", "weakKeys compares keys by identity"),
          new Url("BASE", "resultCache=maximumSize=1;maximumSize=2", "22023", "'resultCache'"),
          // Bad enum values
          new Url("BASE&apiVersion=9.9.9", "", "22023", "'apiVersion' value is invalid: 9.9.9"),
          new Url("BASE", "auth=kerberos", "22023", "'auth' value is invalid: kerberos"),
          new Url("BASE", "ssl=yes", "22023", "'ssl' value is invalid: yes"),
          new Url("BASE", "adminSql=TRUE", "22023", "'adminSql' value is invalid: TRUE"),
          new Url("BASE", "apiPath=api", "22023", "'apiPath' value is invalid"),
          new Url("BASE", "webServerUrl=ftp://x", "22023", "'webServerUrl' value is invalid"),
          new Url("BASE", "model=/no/such.json", "22023", "'model' value is invalid"));

  @Test
  void badUrlsAndPropertiesFailWithTheirStateBeforeAnyRequest() {
    URI base = URI.create(emulator.baseUrl());
    String server = "jdbc:onestream://" + base.getHost() + ":" + base.getPort();
    for (Url u : URLS) {
      String url =
          u.url().startsWith("BASE")
              ? u.url().replace("BASE", server + "/GolfStream?ssl=false")
              : u.url();
      Properties p = withFreshPat(emulator);
      for (String kv : u.props().isEmpty() ? new String[0] : u.props().split(",")) {
        int eq = kv.indexOf('=');
        p.setProperty(kv.substring(0, eq), kv.substring(eq + 1));
      }
      String label = u.url() + " " + u.props();
      Outcome o =
          run(
              () -> {
                try (Connection c = DriverManager.getConnection(url, p)) {
                  return List.of();
                }
              });
      assertRefused(o, label, u.state(), u.message());
      assertThat(allMessages(o.error())).as(label).doesNotContain(p.getProperty("password"));
    }
  }

  /**
   * Unknown keys in the {@code Properties} are ignored, as the README says (tools pass their own
   * options there): the connection opens, with Logon and OpenApplication only. One that looks like
   * a misspelt property gives the connection a {@code 01000} warning naming the property meant,
   * never the value; the others give none.
   */
  @Test
  void unknownPropertiesAreIgnoredAndMisspeltOnesNamed() throws SQLException {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("dbtable", null);
    cases.put("fetchsize", null);
    cases.put("numPartitions", null);
    cases.put("CallBudget", "callBudget");
    cases.put("membersPerRequst", "membersPerRequest");
    cases.put("clientSecrt", "clientSecret");
    cases.put("trustStorPassword", "trustStorePassword");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      String key = e.getKey();
      String value = "v-" + Integer.toHexString(key.hashCode()) + "-secretish";
      Properties p = withFreshPat(emulator);
      p.setProperty(key, value);
      List<String> warnings = new ArrayList<>();
      Outcome o =
          run(
              () -> {
                try (Connection c = DriverManager.getConnection(url(emulator), p)) {
                  for (SQLWarning w = c.getWarnings(); w != null; w = w.getNextWarning()) {
                    assertThat(w.getSQLState()).as(key).isEqualTo("01000");
                    warnings.add(w.getMessage());
                  }
                  return List.of(List.<Object>of(c.isReadOnly()));
                }
              });
      assertThat((Object) o.error()).as(key).isNull();
      assertThat(o.sent().stream().map(RequestLogEntry::route))
          .as(key)
          .containsExactly("Authentication/Logon", "Application/OpenApplication");
      if (e.getValue() == null) {
        assertThat(warnings).as(key).isEmpty();
      } else {
        assertThat(warnings)
            .as(key)
            .containsExactly(
                "Connection property '"
                    + key
                    + "' is not one of this driver's and is ignored; did you mean '"
                    + e.getValue()
                    + "'?");
      }
      assertThat(String.join(" ", warnings)).as(key).doesNotContain(value);
    }
  }

  // ------------------------------------------------------------------ call budget

  @Test
  void inListsBeyondTheCallBudgetAre54000AndNothingIsSent() throws SQLException {
    Properties small = new Properties();
    small.setProperty("membersPerRequest", "1");
    small.setProperty("callBudget", "3");
    try (Connection c = connect(small)) {
      warmUp(c);
      String four = "('Houston', 'Augusta', 'Carlsbad', 'Montreal')";
      for (String[] t :
          new String[][] {
            {CELL_QUERY + "Entity IN " + four, "4 API calls", "Entity (4 values)"},
            {CELL_QUERY + "Entity LIKE '%o%'", "7 API calls", "Entity (7 values)"},
            {
              CELL_QUERY + "Entity IN ('Houston', 'Augusta') AND Scenario IN ('Actual', 'Budget')",
              "4 API calls",
              "(2 values)"
            },
            {
              CELL_QUERY + "Entity = 'Houston' AND Consolidation IN ('Local', 'USD', 'CAD', 'EUR')",
              "4 API calls",
              "Consolidation (4 values)"
            },
            // A cube view parameter takes one value a request, whatever membersPerRequest says.
            {VIEW_QUERY + "Entity IN " + four, "4 API calls to cube view", "Entity (4 values)"},
            {
              "SELECT * FROM cubeviews.ActualVsBudget WHERE Entity IN ('Houston', 'Augusta')"
                  + " AND \"Time\" IN ('2024M1', '2024M2')",
              "4 API calls",
              "(2 values)"
            }
          }) {
        assertRefused(query(c, t[0]), t[0], "54000", t[1], t[2], "callBudget");
      }
      // Values that are not members cost nothing: three requests, one member each.
      Outcome o = query(c, CELL_QUERY + "Entity IN ('Houston', 'Augusta', 'Carlsbad', 'x', 'y')");
      assertThat((Object) o.error()).isNull();
      List<Map<String, Set<String>>> three = new ArrayList<>();
      for (String e : List.of("Houston", "Augusta", "Carlsbad")) {
        Map<String, Set<String>> f = new TreeMap<>(monthAndRent());
        f.put("EntityFilter", Set.of(e));
        three.add(f);
      }
      assertCellRequests(o, "3 members and 2 others", three);
      // The same through parameters, and a cube view within the budget.
      try (PreparedStatement ps = c.prepareStatement(VIEW_QUERY + "Entity IN (?, ?, ?, ?)")) {
        for (int i = 1; i <= 4; i++) {
          ps.setString(i, List.of("Houston", "Augusta", "Carlsbad", "Montreal").get(i - 1));
        }
        assertRefused(run(() -> rows(ps.executeQuery())), "4 parameters", "54000", "(4 values)");
        ps.setString(4, "Houston");
        Outcome view = run(() -> rows(ps.executeQuery()));
        assertThat((Object) view.error()).isNull();
        assertThat(substVars(view))
            .containsExactlyInAnyOrder(vars("Houston"), vars("Augusta"), vars("Carlsbad"));
      }
    }
    // The default budget (64) against a cube view: 65 values are 65 requests.
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      String in =
          java.util.stream.IntStream.range(0, 65)
              .mapToObj(i -> "'E" + i + "'")
              .collect(Collectors.joining(", "));
      assertRefused(
          query(c, VIEW_QUERY + "Entity IN (" + in + ")"),
          "65 values",
          "54000",
          "65 API calls to cube view ActualVsBudget, more than the call budget of 64");
    }
  }

  /**
   * An IN of 5,000 values on cells. Only members are asked for (GolfStream's Time has 57 of them,
   * the other 4,943 values select nothing), so by default it is one request with a member list of
   * 57; with {@code membersPerRequest=6} the list is split into ten requests, and a budget of nine
   * refuses it before sending.
   */
  @Test
  void anInOfFiveThousandValuesIsSplitByMembersPerRequestWithinTheBudget() throws SQLException {
    List<String> time = new ArrayList<>();
    for (int y = 2023; y <= 2025; y++) {
      time.add(String.valueOf(y));
      for (int h = 1; h <= 2; h++) {
        time.add(y + "H" + h);
      }
      for (int q = 1; q <= 4; q++) {
        time.add(y + "Q" + q);
      }
      for (int m = 1; m <= 12; m++) {
        time.add(y + "M" + m);
      }
    }
    List<String> values = new ArrayList<>(time);
    for (int i = 0; values.size() < 5000; i++) {
      values.add("NotAPeriod" + i);
    }
    Collections.shuffle(values, new java.util.Random(7));
    String query =
        "SELECT \"Time\", Scenario, UD1, UD2, CellValue FROM cubes.GolfStream"
            + " WHERE Entity = 'Houston' AND Account = 'Rent' AND \"Time\" IN ("
            + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "))
            + ")";
    String params =
        "SELECT \"Time\", Scenario, UD1, UD2, CellValue FROM cubes.GolfStream"
            + " WHERE Entity = 'Houston' AND Account = 'Rent' AND \"Time\" IN ("
            + String.join(", ", Collections.nCopies(values.size(), "?"))
            + ")";
    List<List<Object>> oneRequest;
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      Outcome o = query(c, query);
      assertThat((Object) o.error()).isNull();
      oneRequest = o.rows();
      assertThat(cellFilters(o))
          .singleElement()
          .satisfies(f -> assertThat(f.get("TimeFilter")).isEqualTo(Set.copyOf(time)));
      Outcome p = query(c, params, values.toArray());
      assertThat(p.rows()).containsExactlyInAnyOrderElementsOf(oneRequest);
      assertThat(cellFilters(p))
          .singleElement()
          .satisfies(f -> assertThat(f.get("TimeFilter")).isEqualTo(Set.copyOf(time)));
    }
    Properties split = new Properties();
    split.setProperty("membersPerRequest", "6");
    try (Connection c = connect(split)) {
      warmUp(c);
      Outcome o = query(c, query);
      assertThat((Object) o.error()).isNull();
      assertThat(o.rows()).containsExactlyInAnyOrderElementsOf(oneRequest);
      List<Map<String, Set<String>>> sent = cellFilters(o);
      assertThat(sent)
          .hasSize(10)
          .allSatisfy(f -> assertThat(f.get("TimeFilter")).hasSizeLessThanOrEqualTo(6));
      assertThat(sent.stream().flatMap(f -> f.get("TimeFilter").stream()))
          .containsExactlyInAnyOrderElementsOf(time);
    }
    split.setProperty("callBudget", "9");
    try (Connection c = connect(split)) {
      warmUp(c);
      assertRefused(
          query(c, query),
          "5,000 values, budget 9",
          "54000",
          "10 API calls",
          "Time (57 of its 5000 values name members, in 10 requests)");
      // One unsafe value among 5,000 is found before anything is sent, too.
      values.set(4321, "2024M1],Entity=[Augusta");
      assertRefused(query(c, params, values.toArray()), "one bad value", "22023", "contains ']'");
    }
  }

  // ------------------------------------------------------------------ SQL not pushed down

  /**
   * A predicate the adapter does not push (or pushes only in part), in Java for the reference, and
   * the filters it must still send.
   */
  private record Residual(
      String where, Predicate<List<Object>> java, Map<String, Set<String>> sent) {}

  /** Columns: Entity, Account, Scenario, UD1, UD2, CellValue. */
  private static final String WIDE =
      "SELECT Entity, Account, Scenario, UD1, UD2, CellValue FROM cubes.GolfStream"
          + " WHERE \"Time\" = '2024M3'";

  private static final Map<String, Set<String>> MONTH = Map.of("TimeFilter", Set.of("2024M3"));

  private static String s(List<Object> row, int i) {
    return (String) row.get(i);
  }

  private static final List<Residual> RESIDUALS =
      List.of(
          new Residual(
              "Entity = 'Houston' OR Account = 'Rent'",
              r -> s(r, 0).equals("Houston") || s(r, 1).equals("Rent"),
              MONTH),
          new Residual("UPPER(Entity) = 'HOUSTON'", r -> s(r, 0).equals("Houston"), MONTH),
          new Residual(
              "SUBSTRING(Entity FROM 1 FOR 3) = 'Hou'", r -> s(r, 0).startsWith("Hou"), MONTH),
          new Residual("CHAR_LENGTH(Entity) = 7", r -> s(r, 0).length() == 7, MONTH),
          new Residual(
              "Entity NOT IN ('Houston', 'Augusta')",
              r -> !List.of("Houston", "Augusta").contains(s(r, 0)),
              MONTH),
          new Residual("Entity <> 'Houston'", r -> !s(r, 0).equals("Houston"), MONTH),
          new Residual("Entity > 'M'", r -> s(r, 0).compareTo("M") > 0, MONTH),
          new Residual(
              "Entity BETWEEN 'A' AND 'H'",
              r -> s(r, 0).compareTo("A") >= 0 && s(r, 0).compareTo("H") <= 0,
              MONTH),
          new Residual("Entity IS NULL", r -> false, MONTH),
          new Residual(
              "(Entity = 'Houston' OR Entity IS NULL)", r -> s(r, 0).equals("Houston"), MONTH),
          new Residual("Entity = Account", r -> s(r, 0).equals(s(r, 1)), MONTH),
          new Residual(
              "Entity IN (SELECT Name FROM dimensions.Entity WHERE Parent = 'US Clubs')",
              r -> List.of("Augusta", "Carlsbad", "Houston").contains(s(r, 0)),
              MONTH),
          new Residual(
              "Entity = (SELECT MIN(Name) FROM dimensions.Entity WHERE Parent = 'US Clubs')",
              r -> s(r, 0).equals("Augusta"),
              MONTH),
          new Residual(
              "EXISTS (SELECT 1 FROM dimensions.Entity d WHERE d.Name = Entity"
                  + " AND d.Parent = 'Canada Clubs')",
              r -> List.of("Montreal", "Quebec City").contains(s(r, 0)),
              MONTH),
          // Part pushed, part not: the IN is sent, the OR is the engine's.
          new Residual(
              "Entity IN ('Houston', 'Augusta') AND (Account = 'Rent' OR CellValue > 1000)",
              r ->
                  List.of("Houston", "Augusta").contains(s(r, 0))
                      && (s(r, 1).equals("Rent") || (Double) r.get(5) > 1000),
              Map.of("TimeFilter", Set.of("2024M3"), "EntityFilter", Set.of("Houston", "Augusta"))),
          new Residual(
              "Account = 'Rent' AND CellValue > 100",
              r -> s(r, 1).equals("Rent") && (Double) r.get(5) > 100,
              Map.of("TimeFilter", Set.of("2024M3"), "AccountFilter", Set.of("Rent"))));

  @Test
  void sqlThatIsNotPushedGivesTheRowsOfAWiderReadFilteredInJava() throws SQLException {
    try (Connection c = connect(new Properties())) {
      warmUp(c);
      Outcome all = query(c, WIDE);
      assertThat((Object) all.error()).isNull();
      assertCellRequests(all, "the wide read", List.of(MONTH));
      List<List<Object>> wide = all.rows();
      assertThat(wide).hasSizeGreaterThan(1000);
      for (Residual r : RESIDUALS) {
        Outcome o = query(c, WIDE + " AND (" + r.where() + ")");
        assertThat((Object) o.error()).as(r.where()).isNull();
        assertThat(o.rows())
            .as(r.where())
            .containsExactlyInAnyOrderElementsOf(wide.stream().filter(r.java()).toList());
        assertCellRequests(o, r.where(), List.of(r.sent()));
      }

      // Two cube tables joined: each side sends its own pushed filters.
      Outcome join =
          query(
              c,
              "SELECT a.Entity, a.Scenario, a.UD1, a.UD2, a.CellValue, b.CellValue"
                  + " FROM cubes.GolfStream a JOIN cubes.GolfStream b"
                  + " ON a.Entity = b.Entity AND a.Scenario = b.Scenario AND a.UD1 = b.UD1"
                  + " AND a.UD2 = b.UD2"
                  + " WHERE a.\"Time\" = '2024M3' AND b.\"Time\" = '2024M3'"
                  + " AND a.Account = 'Product Sales' AND b.Account = 'Material Costs'"
                  + " AND a.Entity IN ('Houston', 'Montreal')");
      assertThat((Object) join.error()).isNull();
      List<List<Object>> expected = new ArrayList<>();
      for (List<Object> a : wide) {
        if (!s(a, 1).equals("Product Sales") || !List.of("Houston", "Montreal").contains(s(a, 0))) {
          continue;
        }
        for (List<Object> b : wide) {
          if (s(b, 1).equals("Material Costs")
              && s(a, 0).equals(s(b, 0))
              && s(a, 2).equals(s(b, 2))
              && s(a, 3).equals(s(b, 3))
              && s(a, 4).equals(s(b, 4))) {
            expected.add(List.of(a.get(0), a.get(2), a.get(3), a.get(4), a.get(5), b.get(5)));
          }
        }
      }
      assertThat(expected).isNotEmpty();
      assertThat(join.rows()).containsExactlyInAnyOrderElementsOf(expected);
      List<Map<String, Set<String>>> sides = cellFilters(join);
      assertThat(sides).hasSize(2);
      assertThat(sides.stream().map(f -> f.get("AccountFilter")))
          .containsExactlyInAnyOrder(Set.of("Product Sales"), Set.of("Material Costs"));
      assertThat(sides)
          .allSatisfy(f -> assertThat(f.get("TimeFilter")).isEqualTo(Set.of("2024M3")));
      // Whatever else the planner carries over to the other side, it only narrows it.
      assertThat(sides)
          .allSatisfy(
              f -> {
                if (f.containsKey("EntityFilter")) {
                  assertThat(f.get("EntityFilter")).isEqualTo(Set.of("Houston", "Montreal"));
                }
              });
    }
  }

  // ------------------------------------------------------------------ helpers

  /** What a statement did: its rows or its error, and the requests the emulator received. */
  private record Outcome(List<List<Object>> rows, SQLException error, List<RequestLogEntry> sent) {}

  @FunctionalInterface
  private interface SqlCall {
    List<List<Object>> call() throws SQLException;
  }

  private Connection connect(Properties extra) throws SQLException {
    Properties p = withFreshPat(emulator);
    p.putAll(extra);
    return DriverManager.getConnection(url(emulator), p);
  }

  /** Runs {@code action}, and collects the requests the emulator received meanwhile. */
  private Outcome run(SqlCall action) {
    List<RequestLogEntry> before = emulator.requestLog().entries();
    RequestLogEntry last = before.isEmpty() ? null : before.get(before.size() - 1);
    List<List<Object>> rows = null;
    SQLException error = null;
    try {
      rows = action.call();
    } catch (SQLException e) {
      error = e;
    }
    List<RequestLogEntry> after = emulator.requestLog().entries();
    int from = 0;
    if (last != null) {
      from = after.size();
      while (from > 0 && after.get(from - 1) != last) {
        from--;
      }
      assertThat(from).as("the log still holds its last entry before the case").isPositive();
    }
    return new Outcome(rows, error, List.copyOf(after.subList(from, after.size())));
  }

  /** {@code sql} through a Statement (no parameters) or a PreparedStatement. */
  private Outcome query(Connection c, String sql, Object... params) {
    return run(
        () -> {
          if (params.length == 0) {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
              return rows(rs);
            }
          }
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              return rows(rs);
            }
          }
        });
  }

  private static List<List<Object>> rows(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        out.add(Collections.unmodifiableList(row));
      }
      return out;
    }
  }

  /**
   * Reads once what later statements look up: the cube list, the member lists of the dimensions the
   * cases name, the cube view list and the cube view's shape.
   */
  private void warmUp(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      String none = "'-'";
      String[] dims = {"Entity", "\"Time\"", "Account", "Scenario", "Consolidation", "UD1", "UD2"};
      StringBuilder where = new StringBuilder("1=1");
      for (String d : dims) {
        where.append(" AND ").append(d).append(" = ").append(none);
      }
      st.executeQuery("SELECT * FROM cubes.GolfStream WHERE " + where).close();
      st.executeQuery("SELECT * FROM cubeviews.ActualVsBudget WHERE 1=0").close();
    }
  }

  /** The names of {@code dimension} (the base members only when {@code where} says IsBase). */
  private Set<String> members(
      Connection c, String dimension, Predicate<String> keep, String... where) throws SQLException {
    Outcome o =
        query(
            c,
            "SELECT DISTINCT Name FROM dimensions."
                + dimension
                + (where.length == 0 ? "" : " WHERE " + where[0]));
    assertThat((Object) o.error()).isNull();
    assertThat(o.sent()).as("members are cached").isEmpty();
    Set<String> out = new LinkedHashSet<>();
    o.rows().forEach(r -> out.add((String) r.get(0)));
    out.removeIf(keep.negate());
    return out;
  }

  private static void assertRefused(Outcome o, String label, String state, String... fragments) {
    assertThat((Object) o.error()).as(label + ": an error").isNotNull();
    assertThat(o.error().getSQLState()).as(label + ": " + o.error().getMessage()).isEqualTo(state);
    for (String f : fragments) {
      if (f != null) {
        assertThat(o.error().getMessage()).as(label).contains(f);
      }
    }
    // One sentence a person can read, whatever the input's size.
    assertThat(o.error().getMessage()).as(label).doesNotContain("\n").hasSizeLessThan(1000);
    assertThat(o.sent()).as(label + ": requests").isEmpty();
  }

  /**
   * Asserts that the requests were the cell requests {@code expected} (in any order, each a map
   * from filter name to its members) and the pages of their answers, nothing else.
   */
  private static void assertCellRequests(
      Outcome o, String label, List<Map<String, Set<String>>> expected) {
    assertThat(o.sent())
        .as(label + ": routes")
        .allSatisfy(e -> assertThat(e.route()).isIn(CELLS, PAGES));
    assertThat(cellFilters(o)).as(label).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The DataCellsFilter of each cell request, as filter name to the members it lists. */
  private static List<Map<String, Set<String>>> cellFilters(Outcome o) {
    List<Map<String, Set<String>>> out = new ArrayList<>();
    for (RequestLogEntry e : o.sent()) {
      if (!e.route().equals(CELLS)) {
        continue;
      }
      Map<String, Set<String>> filters = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = e.body().get("DataCellsFilter").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        filters.put(f.getKey(), memberList(f.getValue().asText()));
      }
      out.add(filters);
    }
    return out;
  }

  /** {@code [a], [b]} as {a, b}. */
  private static Set<String> memberList(String filter) {
    assertThat(filter).startsWith("[").endsWith("]");
    return new TreeSet<>(List.of(filter.substring(1, filter.length() - 1).split("\\], \\[", -1)));
  }

  /** The substitution variables of each cube view request; no other route was called. */
  private static List<String> substVars(Outcome o) {
    assertThat(o.sent()).allSatisfy(e -> assertThat(e.route()).isEqualTo(CUBE_VIEW));
    return o.sent().stream()
        .map(e -> e.body().get("CustomSubstVarsAsCommaSeparatedPairs").asText())
        .toList();
  }
}
