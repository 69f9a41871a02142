package io.cubesql.onestream.jdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.jdbc.GolfStreamEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The quick-start command line: a table on stdout, or {@code SQLState: message} and exit 1. */
@ExtendWith(GolfStreamEmulator.class)
class OneStreamSqlTest {
  private static OneStreamEmulator emulator;
  private static String url;

  @TempDir static Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start(OneStreamEmulator shared) {
    emulator = shared;
    url = GolfStreamEmulator.url(shared);
  }

  private Path properties(String pat) throws IOException {
    Path file = dir.resolve("connection-" + System.nanoTime() + ".properties");
    Files.writeString(file, "password=" + pat + "\n");
    return file;
  }

  private int run(String stdin, String... args) {
    return OneStreamSql.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsAnAlignedTable() throws IOException {
    Path props = properties(emulator.issuePat("admin", Duration.ofHours(1)));
    int code =
        run(
            "",
            "-u",
            url,
            "-p",
            props.toString(),
            "SELECT * FROM (VALUES ('Houston', 1234567.5e0), ('Augusta', CAST(NULL AS DOUBLE)))"
                + " AS t(Entity, Amount)");
    assertThat(err()).isEmpty();
    assertThat(code).isZero();
    assertThat(out().lines())
        .containsExactly(
            " Entity  |    Amount",
            "---------+-----------",
            " Houston | 1234567.5",
            " Augusta |      NULL",
            "(2 rows)");
  }

  @Test
  void readsTheQueryFromStandardInput() throws IOException {
    Path props = properties(emulator.issuePat("admin", Duration.ofHours(1)));
    int code = run("SELECT 1 AS n;\n", "--url", url, "--properties", props.toString());
    assertThat(err()).isEmpty();
    assertThat(code).isZero();
    assertThat(out().lines()).containsExactly(" n", "---", " 1", "(1 row)");
  }

  @Test
  void errorsPrintTheirSqlStateAndExitOne() throws IOException {
    String pat = emulator.issuePat("admin", Duration.ofHours(1));
    Path props = properties(pat);
    int code = run("", "-u", url, "-p", props.toString(), "SELECT * FROM cubes.NoSuchCube");
    assertThat(code).isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err()).startsWith("42S02: ").contains("'NoSuchCube'");
    emulator.revokePat(pat);
    code = run("", "-u", url, "-p", props.toString(), "SELECT 1");
    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("28000: ").doesNotContain(pat);
  }

  @Test
  void aBadOptionIsAUsageError() {
    assertThat(run("", "--colour", "blue")).isEqualTo(2);
    assertThat(err()).contains("--colour");
  }
}
