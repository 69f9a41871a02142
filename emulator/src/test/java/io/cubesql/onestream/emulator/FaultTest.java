package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each injected fault's effect as a client sees it, the admin routes, and reproducibility. */
class FaultTest {
  static final String CUBE_LIST = "Analytics/GetCubeList";
  static final String SECRET = "fault-test-secret";

  static OneStreamEmulator emulator;
  static TestClient client;
  static String pat;

  @BeforeAll
  static void start() {
    emulator =
        OneStreamEmulator.builder()
            .applicationHost(s -> new FakeHost())
            .oauthClient("driver", SECRET)
            .start();
    client = new TestClient(emulator);
    pat = emulator.adminPat();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private HttpResponse<String> cubeList(String si) {
    return client.app(CUBE_LIST, pat, si, "\"Rows\": 50");
  }

  @Test
  void http429And503CarryRetryAfter() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_429).count(1).retryAfterSeconds(7));
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_503).count(1).retryAfterSeconds(2));
    HttpResponse<String> first = cubeList(si);
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(json(first).get("Message").asText()).isNotBlank();
    HttpResponse<String> second = cubeList(si);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
    assertThat(emulator.requestLog().entries(CUBE_LIST))
        .extracting(e -> e.fault())
        .containsSubsequence("HTTP_429", "HTTP_503");
  }

  @Test
  void http500OnlyOnMatchingRoute() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_500).route("DataProvider/.*"));
    HttpResponse<String> dp = client.app("DataProvider/GetAdoDataSetForAdapter", pat, si, "");
    assertThat(dp.statusCode()).isEqualTo(500);
    assertThat(json(dp).get("Message").asText()).isEqualTo("An error has occurred.");
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
  }

  @Test
  void truncatedBodyEndsEarly() throws IOException {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.TRUNCATED_BODY).count(1));
    // HttpURLConnection shows what a client sees: Content-Length promised, fewer bytes, then EOF.
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create(emulator.apiUrl() + "/api/" + CUBE_LIST + "?api-version=7.2.0")
                .toURL()
                .openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer " + pat);
    c.setRequestProperty("Content-Type", "application/json");
    c.getOutputStream()
        .write(
            ("{\"SI\": {\"XfBytes\": \"" + si + "\"}, \"Rows\": 50}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(c.getResponseCode()).isEqualTo(200);
    long promised = c.getContentLengthLong();
    assertThat(promised).isGreaterThan(100);
    byte[] got = new byte[0];
    IOException failure = null;
    try (InputStream in = c.getInputStream()) {
      got = in.readAllBytes();
    } catch (IOException e) {
      failure = e;
    }
    assertThat(failure != null || got.length < promised).isTrue();
    c.disconnect();

    // java.net.http reports the short body as an error.
    assertThatThrownBy(
            () -> {
              emulator.faults().add(FaultRule.of(FaultKind.TRUNCATED_BODY).count(1));
              cubeList(si);
            })
        .isInstanceOf(UncheckedIOException.class);
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonDoesNotParse() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.MALFORMED_JSON).count(1));
    HttpResponse<String> r = cubeList(si);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length"))
        .hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
    assertThatThrownBy(() -> TestClient.JSON.readTree(r.body()))
        .isInstanceOf(JsonProcessingException.class);
    assertThat(json(cubeList(si)).get("Table").size()).isEqualTo(50);
  }

  @Test
  void nullBodyRunsTheRequestAndAnswersTheJsonLiteralNull() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.NULL_BODY).count(1).route("Analytics/.*"));
    HttpResponse<String> r = cubeList(si);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("null");
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(4);
    List<RequestLogEntry> logged = emulator.requestLog().entries(CUBE_LIST);
    RequestLogEntry last = logged.get(logged.size() - 1);
    assertThat(last.fault()).isEqualTo("NULL_BODY");
    assertThat(last.responseBytes()).isEqualTo(4);
    // An error keeps its status; only the body is null.
    emulator.faults().add(FaultRule.of(FaultKind.NULL_BODY).count(1));
    HttpResponse<String> refused = cubeList("not-a-session");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("null");
    assertThat(json(cubeList(si)).get("Table").size()).isEqualTo(50);
  }

  @Test
  void connectionResetGivesIoException() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.CONNECTION_RESET).count(1));
    assertThatThrownBy(() -> cubeList(si))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenExpiryOnAccessTokenSticks() {
    String token =
        json(client.token("/as/token.oauth2", "driver", SECRET, "grant_type=client_credentials"))
            .get("access_token")
            .asText();
    emulator.faults().add(FaultRule.of(FaultKind.TOKEN_EXPIRY).count(1));
    HttpResponse<String> r = client.call("Authentication/LogonAndReturnCookie", "7.2.0", token, "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("The access token has expired.");
    assertThat(client.call("Authentication/LogonAndReturnCookie", "7.2.0", token, "").statusCode())
        .isEqualTo(401);
  }

  @Test
  void tokenExpiryOnPatIsForOneCall() {
    emulator.faults().add(FaultRule.of(FaultKind.TOKEN_EXPIRY).count(1));
    HttpResponse<String> r = client.call("Authentication/LogonAndReturnCookie", "7.2.0", pat, "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("The Personal Access Token has expired.");
    assertThat(client.call("Authentication/LogonAndReturnCookie", "7.2.0", pat, "").statusCode())
        .isEqualTo(200);
  }

  @Test
  void siExpiry() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().add(FaultRule.of(FaultKind.SI_EXPIRY).count(1).route("Analytics/.*"));
    HttpResponse<String> r = cubeList(si);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("Session is invalid or has expired.");
    assertThat(cubeList(si).statusCode()).isEqualTo(401);
    assertThat(cubeList(client.session(pat, "GolfStream")).statusCode()).isEqualTo(200);
  }

  @Test
  void latencyDelaysAtLeastTheAskedTime() {
    String si = client.session(pat, "GolfStream");
    emulator.faults().latency(Duration.ofMillis(150));
    long start = System.nanoTime();
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
    emulator.faults().clear();
    emulator.faults().add(FaultRule.of(FaultKind.LATENCY).latencyMs(120).count(1));
    start = System.nanoTime();
    assertThat(cubeList(si).statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120);
  }

  @Test
  void tokenEndpointsOnlyWhenTheRuleSaysSo() {
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_503));
    assertThat(
            client
                .token("/as/token.oauth2", "driver", SECRET, "grant_type=client_credentials")
                .statusCode())
        .isEqualTo(200);
    emulator.faults().clear();
    emulator
        .faults()
        .add(FaultRule.of(FaultKind.HTTP_503).tokenEndpoints(true).route("/as/.*").count(1));
    HttpResponse<String> r =
        client.token("/as/token.oauth2", "driver", SECRET, "grant_type=client_credentials");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(client.call("Authentication/LogonAndReturnCookie", "7.2.0", pat, "").statusCode())
        .isEqualTo(200);
  }

  @Test
  void sameSeedSameOutcomes() {
    String si = client.session(pat, "GolfStream");
    List<Integer> first = run(si, 7);
    List<Integer> second = run(si, 7);
    assertThat(first).isEqualTo(second).contains(200, 503);
  }

  private List<Integer> run(String si, long seed) {
    emulator.faults().clear();
    emulator.faults().reseed(seed);
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_503).probability(0.5));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      statuses.add(cubeList(si).statusCode());
    }
    return statuses;
  }

  @Test
  void adminRoutes() {
    String faults = emulator.baseUrl() + "/emulator/admin/faults";
    HttpResponse<String> set =
        client.send(
            HttpRequest.newBuilder(URI.create(faults))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"seed\": 7, \"latencyMs\": 0, \"rules\": [{\"kind\": \"HTTP_503\","
                            + " \"probability\": 1, \"count\": 1, \"route\": \"Authentication/.*\","
                            + " \"retryAfterSeconds\": 3}]}"))
                .build());
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(json(set).get("seed").asLong()).isEqualTo(7);
    assertThat(emulator.faults().rules()).hasSize(1);
    HttpResponse<String> r = client.call("Authentication/LogonAndReturnCookie", "7.2.0", pat, "");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("3");

    HttpResponse<String> get =
        client.send(HttpRequest.newBuilder(URI.create(faults)).GET().build());
    assertThat(json(get).get("rules").get(0).get("count").asInt()).isZero();
    HttpResponse<String> bad =
        client.send(
            HttpRequest.newBuilder(URI.create(faults))
                .POST(HttpRequest.BodyPublishers.ofString("{\"rules\": [{\"kind\": \"NOPE\"}]}"))
                .build());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(emulator.faults().rules()).hasSize(1);
    client.send(HttpRequest.newBuilder(URI.create(faults)).DELETE().build());
    assertThat(emulator.faults().rules()).isEmpty();

    String requests = emulator.baseUrl() + "/emulator/admin/requests";
    HttpResponse<String> log =
        client.send(HttpRequest.newBuilder(URI.create(requests)).GET().build());
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(json(log).get("entries").size()).isPositive();
    assertThat(log.body()).contains("Authentication/LogonAndReturnCookie").doesNotContain(pat);
    client.send(HttpRequest.newBuilder(URI.create(requests)).DELETE().build());
    assertThat(emulator.requestLog().entries()).isEmpty();
  }
}
