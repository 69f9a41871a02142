package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state of Data Management work is read from a whole, well-formed answer: a damaged or cut
 * envelope whose first fields still read {@code Running} is an error naming the route that answered
 * it, not a state to go on polling (or, without its request id, an error blaming the submission).
 */
class JobStatusStrictTest {
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

  private static OneStreamException submitFails(String answer) {
    server.answer(answer);
    try (OneStreamClient client = client()) {
      return catchThrowableOfType(
          OneStreamException.class,
          () -> client.submitSequence("NightlyConsolidation", null, SubstVars.none()));
    }
  }

  @Test
  void aWellFormedRunningEnvelopeIsAState() throws Exception {
    server.answer(
        "{\"Status\":\"Running\",\"RequestId\":\"r1\",\"TotalPages\":0,\"DataResult\":[]}");
    try (OneStreamClient client = client()) {
      JobStatus s = client.submitSequence("NightlyConsolidation", null, SubstVars.none());
      assertThat(s.state()).isEqualTo("Running");
      assertThat(s.requestId()).isEqualTo("r1");
    }
  }

  @Test
  void aDamagedRunningEnvelopeIsAProtocolError() {
    OneStreamException e =
        submitFails(
            "{\"Status\":\"Running\",\"RequestId\":\"r1\",\"TotalPages\":0,\"DataResult\":[<!-- x -->");
    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(e.route()).isEqualTo(Route.EXECUTE_SEQUENCE.path());
    assertThat(e.getMessage())
        .startsWith("DataManagement/ExecuteSequence answered malformed JSON (JsonParseException)")
        .doesNotContain("<!--");
  }

  @Test
  void aCutRunningEnvelopeIsAProtocolError() {
    OneStreamException e = submitFails("{\"Status\":\"Running\",\"Req");
    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(e.getMessage())
        .startsWith("DataManagement/ExecuteSequence answered malformed JSON (JsonEOFException)");
  }

  @Test
  void contentAfterTheEnvelopeIsAProtocolError() {
    OneStreamException e =
        submitFails("{\"Status\":\"Running\",\"RequestId\":\"r1\",\"DataResult\":[]} <html>");
    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
  }
}
