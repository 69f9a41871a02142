package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An Analytics request id stays valid while it is used, and expires 10 minutes after. */
class RequestIdExpiryTest {
  @Test
  void requestIdExpiresAfterTenIdleMinutes() {
    MutableClock clock = new MutableClock();
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().clock(clock).start()) {
      TestClient client = new TestClient(emulator);
      String pat = emulator.adminPat();
      String si = client.session(pat, "GolfStream");
      JsonNode first = json(client.app("Analytics/GetCubeList", pat, si, ""));
      String poll = "\"RequestId\": \"" + first.get("RequestId").asText() + "\"";
      clock.advance(Duration.ofMinutes(9));
      assertThat(client.app("Analytics/GetDataRequest", pat, si, poll).statusCode()).isEqualTo(200);
      clock.advance(Duration.ofMinutes(9));
      assertThat(client.app("Analytics/GetDataRequest", pat, si, poll).statusCode())
          .as("used 9 minutes ago")
          .isEqualTo(200);
      clock.advance(Duration.ofMinutes(11));
      HttpResponse<String> expired = client.app("Analytics/GetDataRequest", pat, si, poll);
      assertThat(expired.statusCode()).isEqualTo(400);
      assertThat(json(expired).get("Message").asText()).contains("was not found or has expired");
    }
  }
}
