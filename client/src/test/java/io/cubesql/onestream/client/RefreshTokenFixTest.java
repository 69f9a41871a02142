package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A rotating refresh token outlives the providers that rotated it, within one JVM. */
class RefreshTokenFixTest {
  private static OneStreamEmulator emulator;
  private static Level rootLevel;

  @BeforeAll
  static void start() {
    rootLevel = OAuthTokenProviderTest.quietLogs(Level.WARN);
    emulator = OneStreamEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
    OAuthTokenProviderTest.quietLogs(rootLevel);
  }

  @Test
  void connectionsOneAfterAnotherKeepTheRotatedRefreshToken() throws Exception {
    Secret original = Secret.of(emulator.issueRefreshToken("admin"));
    String previous = null;
    for (int i = 0; i < 3; i++) {
      try (RefreshTokenProvider provider =
          RefreshTokenProvider.builder()
              .tokenUrl(emulator.baseUrl() + "/OneStreamIS/connect/token")
              .clientId("powerbi-sequential")
              .refreshToken(original)
              .build()) {
        AccessToken t = provider.token();
        assertThat(t.value().reveal()).isNotEqualTo(previous);
        previous = t.value().reveal();
      }
    }
  }
}
