package io.cubesql.onestream.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small java.net.http client for the emulator's routes, as a driver would call them. */
public final class TestClient {
  public static final ObjectMapper JSON = new ObjectMapper();

  final OneStreamEmulator emulator;
  final HttpClient http;

  public TestClient(OneStreamEmulator emulator) {
    this(emulator, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  public TestClient(OneStreamEmulator emulator, HttpClient http) {
    this.emulator = emulator;
    this.http = http;
  }

  /** POSTs {@code json} to {@code apiUrl()/api/route?api-version=version} with a bearer token. */
  public HttpResponse<String> call(String route, String version, String token, String json) {
    String q = version == null ? "" : "?api-version=" + version;
    return post(emulator.apiUrl() + "/api/" + route + q, token, json);
  }

  public HttpResponse<String> post(String url, String token, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a form to a token endpoint path, with HTTP Basic client credentials when id is set. */
  public HttpResponse<String> token(String path, String id, String secret, String form) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (id != null) {
      String basic = id + ":" + secret;
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return send(b.build());
  }

  public static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs on with 7.2.0 and returns the Logon SI's XfBytes. */
  public String logon(String token) {
    HttpResponse<String> r =
        call(
            "Authentication/Logon",
            "7.2.0",
            token,
            "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("Logon failed: " + r.statusCode() + " " + r.body());
    }
    return json(r).get("Logon SessionInfo").get("XfBytes").asText();
  }

  /** Opens an application with a Logon SI and returns the Application SI's XfBytes. */
  public String open(String token, String logonSi, String application) {
    HttpResponse<String> r = openResponse(token, logonSi, application);
    if (r.statusCode() != 200) {
      throw new AssertionError("OpenApplication failed: " + r.statusCode() + " " + r.body());
    }
    return json(r).get("Application SessionInfo").get("XfBytes").asText();
  }

  public HttpResponse<String> openResponse(String token, String logonSi, String application) {
    return call(
        "Application/OpenApplication",
        "7.2.0",
        token,
        "{\"ApplicationName\": \""
            + application
            + "\", \"SI\": {\"XfBytes\": \""
            + logonSi
            + "\"}}");
  }

  /** A 7.2.0 application call with {@code si} and extra body fields (JSON members, or ""). */
  public HttpResponse<String> app(String route, String token, String si, String extra) {
    String body =
        "{\"SI\": {\"XfBytes\": \"" + si + "\"}" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    return call(route, "7.2.0", token, body);
  }

  /** Logon and OpenApplication in one, returning the Application SI. */
  public String session(String token, String application) {
    return open(token, logon(token), application);
  }
}
