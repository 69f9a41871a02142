package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /emulator/admin/stats}: the open client connections (what a soak checks a client
 * leaves behind), the SessionInfos held, the API requests received and the faults injected.
 */
class AdminStatsTest {
  @Test
  void countsOpenConnectionsButNotTheOneAsking() throws Exception {
    try (OneStreamEmulator emulator =
        OneStreamEmulator.builder().applicationHost(s -> new FakeHost()).start()) {
      assertThat(emulator.openConnections()).isZero();
      try (Socket idle = new Socket("127.0.0.1", emulator.port())) {
        await(() -> emulator.openConnections() == 1);
        JsonNode stats = stats(emulator);
        assertThat(stats.get("openConnections").asInt()).isEqualTo(1);
      }
      await(() -> emulator.openConnections() == 0);
      assertThat(stats(emulator).get("openConnections").asInt()).isZero();
    }
  }

  @Test
  void countsRequestsSessionsAndFiredFaults() throws Exception {
    try (OneStreamEmulator emulator =
        OneStreamEmulator.builder().applicationHost(s -> new FakeHost()).start()) {
      TestClient client = new TestClient(emulator);
      String si = client.session(emulator.adminPat(), "GolfStream");
      emulator.faults().add(FaultRule.of(FaultKind.HTTP_503).count(1));
      emulator.faults().add(FaultRule.of(FaultKind.LATENCY).count(1).latencyMs(1));
      assertThat(client.app("Analytics/GetCubeList", emulator.adminPat(), si, "").statusCode())
          .isEqualTo(503);
      assertThat(client.app("Analytics/GetCubeList", emulator.adminPat(), si, "").statusCode())
          .isEqualTo(200);
      emulator.faults().clear();

      JsonNode stats = stats(emulator);
      // Logon, OpenApplication and two GetCubeList; the admin route is no API request.
      assertThat(stats.get("apiRequests").asLong()).isEqualTo(4);
      assertThat(emulator.faults().apiRequests()).isEqualTo(4);
      assertThat(stats.get("sessions").asInt()).isEqualTo(2);
      assertThat(emulator.faults().fired())
          .isEqualTo(Map.of(FaultKind.HTTP_503, 1L, FaultKind.LATENCY, 1L));
      assertThat(stats.get("faultsFired").toString()).isEqualTo("{\"LATENCY\":1,\"HTTP_503\":1}");
      URI route = URI.create(emulator.baseUrl() + "/emulator/admin/stats");
      HttpResponse<String> delete = client.send(HttpRequest.newBuilder(route).DELETE().build());
      assertThat(delete.statusCode()).isEqualTo(405);
      assertThat(json(delete).get("Message").asText()).isEqualTo("Use GET.");
    }
  }

  /** The stats route over a connection of its own, closed after the answer. */
  private static JsonNode stats(OneStreamEmulator emulator) throws IOException {
    try (Socket s = new Socket("127.0.0.1", emulator.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /emulator/admin/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200");
      return TestClient.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
