package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An identity provider that throttles (429, 503) is asked again, at most three times in all. */
class TokenEndpointThrottleTest {
  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().oauthClient("throttled", "t-secret").start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static ClientCredentialsTokenProvider provider() {
    return ClientCredentialsTokenProvider.builder()
        .tokenUrl(emulator.baseUrl() + "/as/token.oauth2")
        .clientId("throttled")
        .clientSecret(Secret.of("t-secret"))
        .shared(false)
        .build();
  }

  private static void throttle(FaultKind kind, int times) {
    emulator.faults().clear();
    emulator
        .faults()
        .add(
            FaultRule.of(kind)
                .tokenEndpoints(true)
                .route("/as/.*")
                .retryAfterSeconds(0)
                .count(times));
  }

  @Test
  void throttlingIsWaitedOut() throws Exception {
    for (FaultKind kind : new FaultKind[] {FaultKind.HTTP_429, FaultKind.HTTP_503}) {
      throttle(kind, 2);
      long before = emulator.identity().tokenRequests(TokenEndpointKind.PING);
      try (ClientCredentialsTokenProvider tokens = provider()) {
        assertThat(tokens.token()).isNotNull();
      }
      assertThat(emulator.identity().tokenRequests(TokenEndpointKind.PING) - before)
          .as(kind.name())
          .isEqualTo(3);
    }
  }

  @Test
  void throttlingBeyondThreeAttemptsIsThrottled() {
    throttle(FaultKind.HTTP_503, 3);
    long before = emulator.identity().tokenRequests(TokenEndpointKind.PING);
    try (ClientCredentialsTokenProvider tokens = provider()) {
      OneStreamException e = catchThrowableOfType(tokens::token, OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(e.getMessage()).doesNotContain("t-secret");
    }
    assertThat(emulator.identity().tokenRequests(TokenEndpointKind.PING) - before).isEqualTo(3);
  }
}
