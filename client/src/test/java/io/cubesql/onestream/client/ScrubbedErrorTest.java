package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.client.internal.RedactingLogger;
import org.junit.jupiter.api.Test;

/** What a server echoes of a token or a SessionInfo never reaches an error's text. */
class ScrubbedErrorTest {
  private static final String SI = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";
  private static final String PAT =
      "Demo0000000000000000000000000000-111111111111111111111111111111111";

  @Test
  void literalSecretsAreReplacedEverywhere() {
    OneStreamException e =
        OneStreamException.fromResponse(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            500,
            "Server Error",
            "Could not convert string: " + SI + ". Path 'SI.XfBytes'",
            "Token " + PAT + " is revoked");
    OneStreamException s = e.scrubbed(PAT, SI, null);
    for (String text : new String[] {s.getMessage(), s.serverMessage(), s.detail(), s.toString()}) {
      assertThat(text).doesNotContain(SI).doesNotContain(PAT).contains("***");
    }
    assertThat(s.httpStatus()).isEqualTo(500);
    assertThat(s.kind()).isEqualTo(ErrorKind.SERVER);
    assertThat(s.route()).isEqualTo(e.route());
    assertThat(e.scrubbed("not-in-it-at-all")).isSameAs(e);
  }

  @Test
  void patternsCatchOtherShapes() {
    assertThat(RedactingLogger.redact("XfBytes=" + SI + "&x=1")).doesNotContain(SI);
    assertThat(RedactingLogger.redact("Bearer: " + PAT)).doesNotContain(PAT);
  }
}
