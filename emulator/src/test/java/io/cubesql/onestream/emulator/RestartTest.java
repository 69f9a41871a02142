package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restart as a client sees it: a new emulator on the port of a stopped one answers at the
 * same URL, accepts the same PAT when given it, and has forgotten the old SessionInfos.
 */
class RestartTest {
  private static final String PAT =
      "Restart000000000000000000000000Pat-RestartTestRestartTestRestart00";

  @Test
  void aNewEmulatorOnTheSamePortKeepsThePatAndForgetsTheSessions(@TempDir Path db) {
    String oldSi;
    String url;
    int port;
    try (OneStreamEmulator first =
        OneStreamEmulator.builder().adminPat(PAT).databaseDirectory(db).start()) {
      port = first.port();
      url = first.baseUrl();
      assertThat(port).isPositive();
      assertThat(url).endsWith(":" + port);
      oldSi = new TestClient(first).session(PAT, "GolfStream");
    }
    try (OneStreamEmulator second =
        OneStreamEmulator.builder().port(port).adminPat(PAT).databaseDirectory(db).start()) {
      assertThat(second.baseUrl()).isEqualTo(url);
      TestClient client = new TestClient(second);
      HttpResponse<String> stale = client.app("Analytics/GetCubeList", PAT, oldSi, "");
      assertThat(stale.statusCode()).isEqualTo(401);
      assertThat(json(stale).get("Message").asText())
          .isEqualTo("Session is invalid or has expired.");
      String si = client.session(PAT, "GolfStream");
      assertThat(client.app("Analytics/GetCubeList", PAT, si, "").statusCode()).isEqualTo(200);
    }
  }
}
