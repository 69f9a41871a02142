package io.cubesql.onestream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The emulator's admin routes (no auth, loopback only): its request log, which says what the driver
 * sent and how long the server took, and its injected latency.
 */
final class EmulatorAdmin {
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  /**
   * One logged API call.
   *
   * @param responseBytes the answer's body before compression
   * @param durationMicros server time in microseconds (the log's {@code durationMicros}): from the
   *     server reading the request's first bytes off the socket to just before the end of the
   *     answer is written
   * @param arrival when the server read the request's first bytes
   */
  record Call(String route, int status, long responseBytes, long durationMicros, Instant arrival) {
    /** Logon and OpenApplication: the session, not the query. */
    boolean isSession() {
      return route == null
          || route.startsWith("Authentication/")
          || route.startsWith("Application/")
          || route.startsWith("token:");
    }
  }

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(5, TimeUnit.MINUTES).build();
  private final String admin;

  EmulatorAdmin(String baseUrl) {
    this.admin = baseUrl + "/emulator/admin/";
  }

  /** Empties the request log. */
  void clearLog() throws IOException {
    send(new Request.Builder().url(admin + "requests").delete().build()).close();
  }

  /** The calls logged since the last {@link #clearLog()}, oldest first. */
  List<Call> log() throws IOException {
    List<Call> calls = new ArrayList<>();
    try (Response r = send(new Request.Builder().url(admin + "requests").get().build());
        JsonParser p = JSON.createParser(r.body().byteStream())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("entries")) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            calls.add(entry(p));
          }
        }
      }
    }
    return calls;
  }

  /** The data calls (everything but the session) logged since the last {@link #clearLog()}. */
  List<Call> dataCalls() throws IOException {
    return log().stream().filter(c -> !c.isSession()).toList();
  }

  private static Call entry(JsonParser p) throws IOException {
    String route = null;
    int status = 0;
    long bytes = 0;
    long micros = -1;
    long ms = 0;
    Instant arrival = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "route" -> route = v == JsonToken.VALUE_NULL ? null : p.getText();
        case "status" -> status = p.getIntValue();
        case "responseBytes" -> bytes = p.getLongValue();
        case "durationMicros" -> micros = p.getLongValue();
        case "durationMs" -> ms = p.getLongValue();
        case "time" -> arrival = Instant.parse(p.getText());
        default -> p.skipChildren();
      }
    }
    // An emulator older than durationMicros: whole milliseconds are all there is.
    return new Call(route, status, bytes, micros >= 0 ? micros : ms * 1_000, arrival);
  }

  /** The most calls the server was answering at once, from arrival times and durations. */
  static int maxConcurrent(List<Call> calls) {
    List<long[]> events = new ArrayList<>();
    for (Call c : calls) {
      long start = c.arrival().toEpochMilli() * 1000 + c.arrival().getNano() / 1000 % 1000;
      events.add(new long[] {start, 1});
      events.add(new long[] {start + Math.max(1, c.durationMicros()), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  /** Sets the latency added to every API call. */
  void latency(long ms) throws IOException {
    RequestBody body = RequestBody.create("{\"latencyMs\":" + ms + "}", JSON_TYPE);
    send(new Request.Builder().url(admin + "faults").post(body).build()).close();
  }

  private Response send(Request request) throws IOException {
    Response r = http.newCall(request).execute();
    if (r.code() != 200) {
      r.close();
      throw new IOException(request.url() + " answered HTTP " + r.code());
    }
    return r;
  }
}
