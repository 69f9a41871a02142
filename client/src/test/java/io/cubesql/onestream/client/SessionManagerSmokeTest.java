package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.util.Map;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The session manager logs on, opens GolfStream and sends a cube view call to the emulator. */
class SessionManagerSmokeTest {
  @Test
  void logsOnOpensAndCalls() throws Exception {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().start()) {
      ClientConfig config =
          ClientConfig.builder()
              .serverUrl(emulator.baseUrl())
              .application("GolfStream")
              .tokenProvider(new PatTokenProvider(Secret.of(emulator.adminPat())))
              .build();
      try (SessionManager session = new SessionManager(config, new Transport(config))) {
        assertThat(session.authorizedApplications())
            .containsExactly("GolfStream", "GolfStreamDemo_2022");
        try (Response r =
            session.call(
                Route.CUBE_VIEW,
                g -> {
                  g.writeStringField("CubeViewName", "ActualVsBudget");
                  g.writeStringField("ResultDataTableName", "T");
                },
                Map.of(),
                c -> {})) {
          assertThat(r.body().string()).startsWith("{\"T\":[{\"RowHdr0Name\":\"Net Income\"");
        }
      }
    }
  }
}
