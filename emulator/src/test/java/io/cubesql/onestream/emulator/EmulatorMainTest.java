package io.cubesql.onestream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's option errors; starting and serving is covered through the builder. */
class EmulatorMainTest {
  private static int run(StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new EmulatorMain());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  @Test
  void unknownOptionIsAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--bogus")).isEqualTo(2);
    assertThat(err.toString()).contains("--bogus");
  }

  @Test
  void malformedPatIsAUsageErrorThatDoesNotEchoIt() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--pat", "not-a-valid-pat-value")).isEqualTo(2);
    assertThat(err.toString()).contains("66").doesNotContain("not-a-valid-pat-value");
  }

  @Test
  void clientIdNeedsSecret() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--client-id", "x")).isEqualTo(2);
  }

  @Test
  void helpAndVersion() {
    assertThat(run(new StringWriter(), "--help")).isZero();
    assertThat(run(new StringWriter(), "--version")).isZero();
  }
}
