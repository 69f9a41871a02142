package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The session manager logs on, opens GolfStream and sends a cube view call to the emulator. */
class SessionManagerSmokeTest {
  @Test
  void logsOnOpensAndCalls() throws Exception {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().start()) {
      ClientConfig config = TestSessions.config(emulator, TestSessions.pat(emulator)).build();
      try (SessionManager session = TestSessions.session(config)) {
        assertThat(session.authorizedApplications())
            .containsExactly("GolfStream", "GolfStreamDemo_2022");
        try (Response r = TestSessions.cubeView(session, c -> {})) {
          assertThat(r.body().string()).startsWith("{\"T\":[{\"RowHdr0Name\":\"Net Income\"");
        }
      }
    }
  }
}
