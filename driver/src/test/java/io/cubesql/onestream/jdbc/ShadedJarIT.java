package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged shaded jar (Trino's {@code JdbcDriverIT} shape): only expected paths inside it, only
 * our driver registered, and, in a child JVM with nothing but the jar on its class path, {@code
 * DriverManager} finds the driver and a real query runs on the in-process demo server.
 */
class ShadedJarIT {
  /** Where the jar may put things: ours, the unrelocated engines, and what was relocated. */
  private static final List<String> ALLOWED =
      List.of(
          "META-INF/",
          "io/cubesql/onestream/jdbc/",
          "io/cubesql/onestream/calcite/",
          "io/cubesql/onestream/client/",
          "io/cubesql/onestream/emulator/",
          "io/cubesql/onestream/internal/shaded/",
          // Kept unrelocated: generated code names Calcite's classes, Janino compiles it, and the
          // host application's logging backend must receive SLF4J.
          "org/apache/calcite/",
          "org/codehaus/janino/",
          "org/codehaus/commons/",
          "org/slf4j/",
          // Calcite's start-up settings (UTF-8 charset, plan cache), read from the class path.
          "saffron.properties",
          // The emulator's database scripts (demo mode), loaded by absolute path.
          "db/",
          // commons-math3 (relocated) loads this data file by absolute path.
          "assets/org/apache/commons/math3/");

  private static final String QUERY =
      "SELECT Account, Actual, Budget FROM cubeviews.ActualVsBudget"
          + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'";

  private static Path jar;

  @TempDir static Path dir;

  @BeforeAll
  static void findJar() {
    jar = Path.of(System.getProperty("onestream.shadedJar"));
    assertThat(jar).isRegularFile();
  }

  private static List<String> entries() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile f = new JarFile(jar.toFile())) {
      for (JarEntry e : Collections.list(f.entries())) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static boolean allowed(String name) {
    for (String prefix : ALLOWED) {
      // A directory entry on the way to an allowed place ("io/", "org/apache/") is fine too.
      if (name.startsWith(prefix) || (name.endsWith("/") && prefix.startsWith(name))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void onlyExpectedPathsAreInside() throws IOException {
    List<String> names = entries();
    assertThat(names.stream().filter(n -> !allowed(n)).toList()).isEmpty();
    // What was relocated really moved (and is really there).
    for (String moved :
        List.of(
            "okhttp3/OkHttpClient.class",
            "okio/Okio.class",
            "kotlin/Unit.class",
            "com/fasterxml/jackson/core/JsonFactory.class",
            "com/github/benmanes/caffeine/cache/Caffeine.class",
            "com/google/common/collect/ImmutableList.class",
            "org/apache/commons/lang3/StringUtils.class",
            "org/eclipse/jetty/server/Server.class",
            "picocli/CommandLine.class",
            "org/h2/Driver.class")) {
      assertThat(names).contains("io/cubesql/onestream/internal/shaded/" + moved);
    }
    assertThat(names).doesNotContain("module-info.class").noneMatch(n -> n.endsWith(".SF"));
    // A regression guard on size: Calcite and its dependencies make up most of the ~40 MB.
    assertThat(Files.size(jar)).isLessThan(45L * 1024 * 1024);
  }

  @Test
  void onlyOurDriverIsRegistered() throws IOException {
    try (JarFile f = new JarFile(jar.toFile())) {
      JarEntry services = f.getJarEntry("META-INF/services/java.sql.Driver");
      try (InputStream in = f.getInputStream(services)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
            .containsExactly("io.cubesql.onestream.jdbc.OneStreamDriver");
      }
      Attributes main = f.getManifest().getMainAttributes();
      assertThat(main.getValue("Main-Class"))
          .isEqualTo("io.cubesql.onestream.jdbc.cli.OneStreamSql");
      assertThat(main.getValue("Implementation-Version"))
          .isEqualTo(System.getProperty("onestream.projectVersion"));
    }
  }

  /** Runs {@code java args...} with no class path but what {@code args} say; stdout and stderr. */
  private static Result java(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    // A guard against a hung child, not a measurement.
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("The child JVM did not finish: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  record Result(int exit, String out, String err) {}

  @Test
  void driverManagerFindsTheDriverOnACleanClassPathAndTheDemoAnswers() throws Exception {
    Path probe = dir.resolve("Probe.java");
    Files.writeString(
        probe,
        """
        import java.sql.*;
        import java.util.*;

        public class Probe {
          public static void main(String[] args) throws Exception {
            List<String> drivers = new ArrayList<>();
            for (Driver d : Collections.list(DriverManager.getDrivers())) {
              drivers.add(d.getClass().getName());
            }
            System.out.println("drivers=" + drivers);
            try (Connection c = DriverManager.getConnection("jdbc:onestream:demo");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(args[0])) {
              System.out.println("driver=" + c.getMetaData().getDriverName());
              while (rs.next()) {
                System.out.println("row=" + rs.getString(1) + "|" + rs.getDouble(2));
              }
            }
            List<String> after = new ArrayList<>();
            for (Driver d : Collections.list(DriverManager.getDrivers())) {
              after.add(d.getClass().getName());
            }
            System.out.println("drivers after=" + after);
          }
        }
        """);
    Result r = java("-cp", jar.toString(), probe.toString(), QUERY);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("drivers=[io.cubesql.onestream.jdbc.OneStreamDriver]")
        .contains("driver=OneStream JDBC Driver")
        .contains("row=Net Income|13848.01")
        .contains("row=Depreciation|1297.63");
    // Using Calcite, or the demo's H2, must not register their drivers: jdbc:calcite: and
    // jdbc:h2: URLs stay the host's business.
    assertThat(r.out().lines().filter(l -> l.startsWith("drivers after=")))
        .singleElement()
        .asString()
        .isEqualTo("drivers after=[io.cubesql.onestream.jdbc.OneStreamDriver]");
  }

  @Test
  void theQuickStartCommandPrintsATable() throws Exception {
    Result r = java("-jar", jar.toString(), QUERY);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines())
        .contains(" Account            |   Actual |   Budget")
        .contains(" Net Income         | 13848.01 | 11961.39")
        .contains("(14 rows)");
    Result bad = java("-jar", jar.toString(), "SELECT * FROM cubes.NoSuchCube");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("42S02: ");
  }
}
