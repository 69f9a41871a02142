package io.cubesql.onestream.emulator.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogUnitTest {
  private static RequestLogEntry entry(int i) {
    return new RequestLogEntry(
        Instant.EPOCH, "POST", "/p", "Analytics/GetCubeList", "7.2.0", null, 200, i, 0, null);
  }

  @Test
  void keepsTheNewestAndCountsDropped() {
    RequestLog log = new RequestLog(3);
    for (int i = 0; i < 5; i++) {
      log.add(entry(i));
    }
    assertThat(log.entries())
        .extracting(RequestLogEntry::responseBytes)
        .containsExactly(2L, 3L, 4L);
    assertThat(log.dropped()).isEqualTo(2);
    assertThat(log.entries("analytics/getcubelist")).hasSize(3);
    log.clear();
    assertThat(log.entries()).isEmpty();
    assertThat(log.dropped()).isZero();
  }

  @Test
  void showsTheDurationInMicrosecondsAndInWholeMillisecondsTruncated() {
    RequestLogEntry e =
        new RequestLogEntry(Instant.EPOCH, "POST", "/p", null, null, null, 200, 0, 1_999, null);
    assertThat(e.durationMs()).isEqualTo(1);
    assertThat(e.toJson().get("durationMicros").asLong()).isEqualTo(1_999);
    assertThat(e.toJson().get("durationMs").asLong()).isEqualTo(1);
  }

  @Test
  void redactsXfBytesAtAnyDepthAndSecretFormFields() throws Exception {
    JsonNode body =
        new ObjectMapper()
            .readTree("{\"SI\": {\"xfBytes\": \"s1\"}, \"a\": [{\"b\": {\"XfBytes\": \"s2\"}}]}");
    JsonNode red = Redaction.json(body);
    assertThat(red.toString()).doesNotContain("s1").doesNotContain("s2");
    assertThat(body.toString()).contains("s1"); // the original is left alone
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_secret", "c");
    form.put("refresh_token", "r");
    form.put("assertion", "a");
    form.put("{\"client_secret\":\"s3\"}", ""); // a JSON body mistaken for a form
    form.put("scope", "api://x/.default");
    assertThat(Redaction.form(form).toString())
        .isEqualTo("{\"grant_type\":\"refresh_token\",\"scope\":\"api://x/.default\"}");
    JsonNode stringSi =
        new ObjectMapper().readTree("{\"si\": \"s4\", \"n\": {\"Access_Token\": \"s5\"}}");
    assertThat(Redaction.json(stringSi).toString()).doesNotContain("s4").doesNotContain("s5");
  }
}
