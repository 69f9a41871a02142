package io.cubesql.onestream.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JVM-wide poll delay override reads milliseconds and falls back on anything else. */
class PollDelaysTest {
  @Test
  void readsCommaSeparatedMilliseconds() {
    assertThat(Connector.pollDelays("50")).containsExactly(Duration.ofMillis(50));
    assertThat(Connector.pollDelays(" 20, 40 ,80"))
        .containsExactly(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));
  }

  @Test
  void unsetOrUnreadableMeansTheClientsOwnSchedule() {
    assertThat(Connector.pollDelays(null)).isNull();
    assertThat(Connector.pollDelays(" ")).isNull();
    assertThat(Connector.pollDelays("5s")).isNull();
    assertThat(Connector.pollDelays("50,,100")).isNull();
    assertThat(Connector.pollDelays("0")).isNull();
    assertThat(Connector.pollDelays("-5")).isNull();
  }
}
