package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rows of a call's record when its answer begins with {@code DataResult}: the reader holds it
 * in memory and, when envelope keys follow or nothing does, reads it again from there after the
 * HTTP answer has ended. Those rows are still the call's. A small HTTP server answers whatever the
 * test sets, since the emulator always writes the envelope's keys first.
 */
class RecentCallsKeyOrderTest {
  private static CannedAnswerServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new CannedAnswerServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static OneStreamClient client() {
    return server.client();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Envelope keys after the data: read again from memory as an envelope.
        "{\"DataResult\":[{\"a\":1},{\"a\":2},{\"a\":{\"nested\":3}}],"
            + "\"Status\":\"Completed\",\"RequestId\":\"r\",\"TotalPages\":1}",
        // Nothing after it: read again from memory as a DataSet of one table.
        "{\"DataResult\":[{\"a\":1},{\"a\":2},{\"a\":[{\"nested\":3}]}]}",
        // Under call state, a DataSet in DataResult, then the envelope's keys.
        "{\"DataResult\":{\"T1\":[{\"a\":1},{\"a\":{\"b\":2}}],\"T2\":[{\"c\":3}]},"
            + "\"Status\":\"Completed\",\"RequestId\":\"r\",\"TotalPages\":1}",
        // Another table after it: read on from the same answer.
        "{\"DataResult\":[{\"a\":1},{\"a\":2}],\"T2\":[{\"b\":3}]}"
      })
  void rowsReadAgainFromMemoryAreTheCallsRows(String answer) throws Exception {
    server.answer(answer);
    try (OneStreamClient client = client()) {
      long rows = 0;
      try (DataSetReader r = client.cubeView("Any", SubstVars.none(), false, false, null)) {
        while (r.nextTable()) {
          while (r.nextRow()) {
            rows++;
          }
        }
      }
      assertThat(rows).isEqualTo(3);
      List<CallRecord> calls = client.recentCalls();
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).rows()).isEqualTo(rows);
      assertThat(calls.get(0).error()).isNull();
      assertThat(calls.get(0).bytes()).isEqualTo(answer.length());
    }
  }

  @Test
  void anEmptyResultIsZeroRowsAndAMessageNone() throws Exception {
    try (OneStreamClient client = client()) {
      server.answer("null");
      try (DataSetReader r = client.cubeView("Any", SubstVars.none(), false, false, null)) {
        assertThat(r.nextTable()).isFalse();
      }
      server.answer("{\"Message\":\"Data Management Step [S] was completed\"}");
      client.executeStep("Group", "S", SubstVars.none());
      List<CallRecord> calls = client.recentCalls();
      assertThat(calls)
          .extracting(CallRecord::route)
          .containsExactly(Route.CUBE_VIEW.path(), Route.EXECUTE_STEP.path());
      assertThat(calls.get(0).rows()).isZero();
      assertThat(calls.get(1).rows()).isNull();
      assertThat(calls).extracting(CallRecord::error).containsOnlyNulls();
    }
  }
}
