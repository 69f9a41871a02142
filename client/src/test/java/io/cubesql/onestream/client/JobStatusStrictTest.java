package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state of Data Management work is read from a whole, well-formed answer: a damaged or cut
 * envelope whose first fields still read {@code Running} is an error naming the route that answered
 * it, not a state to go on polling (or, without its request id, an error blaming the submission).
 */
class JobStatusStrictTest {
  private static final AtomicReference<String> ANSWER = new AtomicReference<>();
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = ANSWER.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  /** A client on 5.2.0, which needs no Logon: every call is one request to the server. */
  private static OneStreamClient client() {
    return OneStreamClient.open(
        ClientConfig.builder()
            .serverUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .application("GolfStream")
            .apiVersion(ApiVersion.V5_2_0)
            .tokenProvider(new PatTokenProvider(Secret.of("not-checked-by-this-server")))
            .build());
  }

  private static OneStreamException submitFails(String answer) {
    ANSWER.set(answer);
    try (OneStreamClient client = client()) {
      return catchThrowableOfType(
          OneStreamException.class,
          () -> client.submitSequence("NightlyConsolidation", null, SubstVars.none()));
    }
  }

  @Test
  void aWellFormedRunningEnvelopeIsAState() throws Exception {
    ANSWER.set("{\"Status\":\"Running\",\"RequestId\":\"r1\",\"TotalPages\":0,\"DataResult\":[]}");
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
