package io.cubesql.onestream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RedactingLogger#redact} removes every secret value from JSON and form bodies. */
class RedactTest {
  @Test
  void jsonXfBytesInAnyCaseAndAtAnyDepth() {
    String body =
        "{\"CubeViewName\":\"ActualVsBudget\",\"SI\":{\"XfBytes\":\"c2VjcmV0U0k=\"},"
            + "\"Nested\":{\"Deeper\":{\"xfbytes\" : \"bG93ZXI=\"}},\"XFBYTES\":\"VVBQRVI=\"}";
    String out = RedactingLogger.redact(body);
    assertThat(out)
        .doesNotContain("c2VjcmV0U0k=", "bG93ZXI=", "VVBQRVI=")
        .contains("\"CubeViewName\":\"ActualVsBudget\"")
        .contains("\"XfBytes\":\"***\"", "\"xfbytes\" : \"***\"", "\"XFBYTES\":\"***\"");
  }

  @Test
  void jsonValuesWithEscapedQuotesAreRemovedWhole() {
    String body = "{\"XfBytes\":\"ab\\\"cd\\\\\",\"after\":\"kept\"}";
    assertThat(RedactingLogger.redact(body)).isEqualTo("{\"XfBytes\":\"***\",\"after\":\"kept\"}");
  }

  @Test
  void jsonTokenAndSecretFields() {
    String body =
        "{\"access_token\":\"eyJ.abc.def\",\"refresh_token\":\"r-123\","
            + "\"Client_Secret\":\"s3cr3t\",\"Password\":\"pw\",\"SI\":\"rawSessionInfo\","
            + "\"token_type\":\"Bearer\",\"expires_in\":3600}";
    String out = RedactingLogger.redact(body);
    assertThat(out)
        .doesNotContain("eyJ.abc.def", "r-123", "s3cr3t", "\"pw\"", "rawSessionInfo")
        .contains("\"expires_in\":3600");
  }

  @Test
  void formFields() {
    String form =
        "grant_type=client_credentials&client_id=app&client_secret=s%3Dcr3t&scope=api"
            + "&refresh_token=rt-1&code=abc&code_verifier=ver&client_assertion=jwt.x.y";
    String out = RedactingLogger.redact(form);
    assertThat(out)
        .doesNotContain("s%3Dcr3t", "rt-1", "=abc", "=ver", "jwt.x.y")
        .contains("grant_type=client_credentials", "client_id=app", "scope=api")
        .contains("client_secret=***");
    assertThat(RedactingLogger.redact("client_secret=first&a=b"))
        .isEqualTo("client_secret=***&a=b");
  }

  @Test
  void bearerAndBasicCredentials() {
    assertThat(RedactingLogger.redact("Authorization: Bearer AbC-123.x_y~Z/9+="))
        .isEqualTo("Authorization: Bearer ***");
    assertThat(RedactingLogger.redact("Basic authentication failed"))
        .isEqualTo("Basic authentication failed");
    assertThat(RedactingLogger.redact("basic dXNlcjpwYXNzd29yZA==")).isEqualTo("basic ***");
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    String body = "{\"CubeViewName\":\"ActualVsBudget\",\"CustomSubstVars\":\"Entity=[Houston]\"}";
    assertThat(RedactingLogger.redact(body)).isEqualTo(body);
    assertThat(RedactingLogger.redact(null)).isNull();
  }
}
