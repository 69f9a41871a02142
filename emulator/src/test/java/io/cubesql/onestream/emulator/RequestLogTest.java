package io.cubesql.onestream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.api.Route;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the request log records, and that no secret ever reaches it. */
class RequestLogTest {
  static final String SECRET = "log-test-client-secret";

  static OneStreamEmulator emulator;
  static TestClient client;

  @BeforeAll
  static void start() {
    emulator =
        OneStreamEmulator.builder()
            .applicationHost(s -> new FakeHost())
            .oauthClient("driver", SECRET)
            .start();
    client = new TestClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void entriesCarryRouteStatusBytesAndNoSecrets() {
    emulator.requestLog().clear();
    List<String> secrets = new ArrayList<>();
    String pat = emulator.adminPat();
    secrets.add(pat);
    secrets.add(SECRET);
    String logonSi = client.logon(pat);
    String appSi = client.open(pat, logonSi, "GolfStream");
    secrets.add(logonSi);
    secrets.add(appSi);
    // xfBytes in a nested object, lower-case spelling.
    client.call(
        "Analytics/GetDataCellsFromCube",
        "7.2.0",
        pat,
        "{\"si\": {\"xfBytes\": \""
            + appSi
            + "\"}, \"Extra\": [{\"XFBYTES\": \""
            + logonSi
            + "\"}]}");
    String access =
        TestClient.json(
                client.token(
                    "/tenant/oauth2/v2.0/token",
                    null,
                    null,
                    "grant_type=client_credentials&client_id=driver&client_secret=" + SECRET))
            .get("access_token")
            .asText();
    secrets.add(access);
    String refresh = emulator.issueRefreshToken("admin");
    secrets.add(refresh);
    String rotated =
        TestClient.json(
                client.token(
                    "/OneStreamIS/connect/token",
                    null,
                    null,
                    "grant_type=refresh_token&client_id=c&refresh_token=" + refresh))
            .get("refresh_token")
            .asText();
    secrets.add(rotated);
    client.call("Authentication/LogonAndReturnCookie", "7.2.0", access, "");
    client.call("Authentication/LogonAndReturnCookie", "7.2.0", "wrong-token", "");

    List<RequestLogEntry> entries = emulator.requestLog().entries();
    assertThat(entries).hasSize(7);
    String everything = entries.toString() + emulator.requestLog().toJson().toString();
    for (String s : secrets) {
      assertThat(everything).doesNotContain(s);
    }
    assertThat(everything).contains("***");

    RequestLogEntry logon = emulator.requestLog().entries(Route.LOGON).get(0);
    assertThat(logon.method()).isEqualTo("POST");
    assertThat(logon.path()).isEqualTo("/OneStreamApi/api/Authentication/Logon");
    assertThat(logon.apiVersion()).isEqualTo("7.2.0");
    assertThat(logon.status()).isEqualTo(200);
    assertThat(logon.responseBytes()).isGreaterThan(60);
    assertThat(logon.body().get("BaseWebServerUrl").asText()).isEqualTo(emulator.webServerUrl());

    RequestLogEntry cells = emulator.requestLog().entries("analytics/getdatacellsfromcube").get(0);
    // The whole SessionInfo is masked, whatever its shape.
    assertThat(cells.body().get("si").asText()).isEqualTo("***");
    assertThat(cells.body().get("Extra").get(0).get("XFBYTES").asText()).isEqualTo("***");

    RequestLogEntry token = entries.get(3);
    assertThat(token.route()).isEqualTo("token:ENTRA");
    assertThat(token.body().has("client_secret")).isFalse();
    assertThat(token.body().get("client_id").asText()).isEqualTo("driver");
    assertThat(entries.get(4).body().has("refresh_token")).isFalse();
    assertThat(entries.get(6).status()).isEqualTo(401);
  }

  @Test
  void durationsComeInMicrosecondsBesideTheWholeMilliseconds() {
    emulator.requestLog().clear();
    String pat = emulator.adminPat();
    emulator.faults().latency(Duration.ofMillis(3));
    try {
      client.session(pat, "GolfStream");
    } finally {
      emulator.faults().latency(Duration.ZERO);
    }
    client.token(
        "/tenant/oauth2/v2.0/token",
        null,
        null,
        "grant_type=client_credentials&client_id=driver&client_secret=" + SECRET);
    client.call("Authentication/LogonAndReturnCookie", "7.2.0", "wrong-token", "");

    List<RequestLogEntry> entries = emulator.requestLog().entries();
    assertThat(entries).extracting(RequestLogEntry::route).contains("token:ENTRA");
    for (RequestLogEntry e : entries) {
      assertThat(e.durationMicros()).as(e.route()).isNotNegative();
      assertThat(e.durationMs()).as(e.route()).isEqualTo(e.durationMicros() / 1_000);
    }
    // The injected latency is slept inside the measured span: at least 3,000 microseconds.
    assertThat(emulator.requestLog().entries(Route.LOGON))
        .singleElement()
        .satisfies(e -> assertThat(e.durationMicros()).isGreaterThanOrEqualTo(3_000));

    JsonNode served =
        TestClient.json(
                client.send(
                    HttpRequest.newBuilder(
                            URI.create(emulator.baseUrl() + "/emulator/admin/requests"))
                        .GET()
                        .build()))
            .get("entries");
    assertThat(served).hasSameSizeAs(entries);
    for (int i = 0; i < entries.size(); i++) {
      JsonNode n = served.get(i);
      assertThat(n.get("durationMicros").isIntegralNumber()).as(n.toString()).isTrue();
      assertThat(n.get("durationMicros").asLong()).isEqualTo(entries.get(i).durationMicros());
      // The old field keeps its meaning: whole milliseconds, truncated.
      assertThat(n.get("durationMs").asLong()).isEqualTo(n.get("durationMicros").asLong() / 1_000);
    }
  }
}
