package io.cubesql.onestream.emulator.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiRequest;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import io.cubesql.onestream.emulator.internal.api.ApiVersion;
import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import io.cubesql.onestream.emulator.internal.api.RequestBody;
import io.cubesql.onestream.emulator.internal.api.Route;
import io.cubesql.onestream.emulator.internal.fault.FaultController;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.identity.IdentityStore;
import io.cubesql.onestream.emulator.internal.identity.Session;
import io.cubesql.onestream.emulator.internal.identity.User;
import io.cubesql.onestream.emulator.internal.log.Redaction;
import io.cubesql.onestream.emulator.internal.log.RequestLog;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code POST [/OneStreamApi]/api/{Service}/{Action}?api-version=V}: routing, api-version,
 * bearer token, SessionInfo or 5.2.0 session fields, role, injected faults, then the identity
 * routes itself and every other route through the {@link ApplicationHost}.
 */
final class ApiHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  /** The prefix matches in any case, or is absent (API at the host root) [DOC, §1]. */
  private static final Pattern API_PATH =
      Pattern.compile("^(?:/onestreamapi)?/api/([^/]+)/([^/]+)/?$", Pattern.CASE_INSENSITIVE);

  static final String DENIED = "Authorization has been denied for this request.";
  static final String SESSION_INVALID = "Session is invalid or has expired.";
  static final String NO_APPLICATION =
      "The SessionInfo has no open application; call Application/OpenApplication first.";
  static final String NOT_ADMINISTRATOR =
      "Security Access Error. The user does not have the Administrator role.";

  /** The JSON literal null, the whole body of a {@link FaultKind#NULL_BODY} answer. */
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final ApplicationHost host;
  private final IdentityStore identity;
  private final FaultController faults;
  private final RequestLog log;

  ApiHandler(ApplicationHost host, IdentityStore identity, FaultController faults, RequestLog log) {
    this.host = host;
    this.identity = identity;
    this.faults = faults;
    this.log = log;
  }

  static boolean isApiPath(String path) {
    return API_PATH.matcher(path).matches();
  }

  /** What one exchange gathers for the request log and the answer. */
  private static final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;

    /** When the request arrived ({@link Http#arrivalNanos}), on both clocks. */
    final long startNanos;

    final Instant time;

    /** Whether the answer being written is already the error that replaced a failed one. */
    boolean answeringError;

    String route;
    String apiVersion;
    JsonNode loggedBody;
    int status;
    long bytes;
    FaultKind fault;
    FaultKind bodyFault;
    boolean logged;

    Exchange(Request request, Response response, Callback callback, Instant now) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.startNanos = Http.arrivalNanos(request);
      this.time = now.minusNanos(System.nanoTime() - startNanos);
    }
  }

  void handle(Request request, Response response, Callback callback) {
    Exchange x = new Exchange(request, response, callback, identity.clock().instant());
    try {
      serve(x);
    } catch (ApiException e) {
      sendError(x, e);
    } catch (RuntimeException e) {
      LOG.debug("API call failed", e);
      sendError(x, ApiException.serverError("An error has occurred.", e.getMessage()));
    } finally {
      logOnce(x);
    }
  }

  /**
   * Records the exchange in the request log. Called just before the last byte of an answer leaves
   * (and at the latest when the handler returns), so that a client that has read an answer finds
   * its entry in the log.
   */
  private void logOnce(Exchange x) {
    if (x.logged) {
      return;
    }
    x.logged = true;
    long micros = (System.nanoTime() - x.startNanos) / 1_000;
    String path = Request.getPathInContext(x.request);
    log.add(
        new RequestLogEntry(
            x.time,
            x.request.getMethod(),
            path,
            x.route,
            x.apiVersion,
            x.loggedBody,
            x.status,
            x.bytes,
            micros,
            x.fault == null ? null : x.fault.name()));
    LOG.debug(
        "{} {} -> {} ({} us, fault {})", x.request.getMethod(), path, x.status, micros, x.fault);
  }

  private void serve(Exchange x) {
    Request request = x.request;
    // Read the whole body before any answer, even an early refusal: Jetty closes a connection
    // whose request content was left unread, and a client that reuses it then fails.
    String rawBody;
    try {
      rawBody = Http.readBody(request);
    } catch (IOException e) {
      throw ApiException.badRequest("The request body could not be read.");
    }
    Matcher m = API_PATH.matcher(Request.getPathInContext(request));
    Route route = m.matches() ? Route.forPath(m.group(1) + "/" + m.group(2)) : null;
    if (route == null) {
      throw ApiException.notFound(
          "No HTTP resource was found that matches the request URI '"
              + request.getHttpURI().asString()
              + "'.");
    }
    x.route = route.path();
    Map<String, String> query = lowerCaseQuery(request);
    x.apiVersion = query.get("api-version");
    if (!"POST".equalsIgnoreCase(request.getMethod())) {
      x.response.getHeaders().put(HttpHeader.ALLOW, "POST");
      throw new ApiException(
          405,
          "The requested resource does not support http method '" + request.getMethod() + "'.");
    }
    JsonNode bodyNode = parseJson(rawBody);
    x.loggedBody = Redaction.json(bodyNode);

    FaultController.Decision decision = faults.decide(route.path(), false);
    Http.sleep(decision.latencyMs());
    FaultKind fault = decision.kind();
    x.fault = fault;
    if (fault != null) {
      switch (fault) {
        case HTTP_429, HTTP_503 -> throw retryLater(x, fault, decision.fault().retryAfterSeconds());
        case HTTP_500 ->
            throw ApiException.serverError("An error has occurred.", "Injected fault.");
        case CONNECTION_RESET -> {
          x.status = 0;
          logOnce(x);
          Http.abort(request, x.callback, "Injected connection reset");
          return;
        }
        case TRUNCATED_BODY, MALFORMED_JSON, NULL_BODY -> x.bodyFault = fault;
        default -> {
          // TOKEN_EXPIRY and SI_EXPIRY act below; LATENCY never reaches here.
        }
      }
    }

    ApiVersion version = version(route, x.apiVersion);
    RequestBody body = RequestBody.of(bodyNode);
    User user = authenticate(request, fault == FaultKind.TOKEN_EXPIRY);
    if (fault == FaultKind.SI_EXPIRY) {
      identity.expireSession(xfBytes(body));
    }
    ApiResult result = dispatch(route, version, body, user, query);
    respond(x, 200, result);
  }

  private ApiResult dispatch(
      Route route, ApiVersion version, RequestBody body, User user, Map<String, String> query) {
    switch (route) {
      case LOGON:
        return logon(body, user);
      case LOGON_AND_RETURN_COOKIE:
        return ApiResult.message("Logon succeeded.");
      case OPEN_APPLICATION:
        return openApplication(body, user);
      default:
        break;
    }
    String application;
    if (version == ApiVersion.V7_2_0) {
      Session s = session(body, user);
      if (s.application() == null) {
        throw ApiException.badRequest(NO_APPLICATION);
      }
      application = s.application();
    } else {
      requireWebServerUrl(body);
      application = authorizedApplication(body, user);
    }
    if (route.administratorOnly() && !user.administrator()) {
      throw ApiException.forbidden(NOT_ADMINISTRATOR);
    }
    return host.handle(new ApiRequest(route, version, body, user, application, query));
  }

  private ApiResult logon(RequestBody body, User user) {
    requireWebServerUrl(body);
    String si = identity.newSession(user, null);
    List<String> apps =
        user.authorizedApplications().stream()
            .map(host::canonicalName)
            .filter(a -> a != null)
            .toList();
    return ApiResult.stream(
        out -> {
          out.writeStartObject();
          out.writeStringField("Message", "Logon succeeded.");
          out.writeObjectFieldStart("Logon SessionInfo");
          out.writeStringField("XfBytes", si);
          out.writeEndObject();
          out.writeArrayFieldStart("Authorized applications");
          for (String a : apps) {
            out.writeString(a);
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private ApiResult openApplication(RequestBody body, User user) {
    session(body, user); // a Logon SI, or an Application SI, of this user
    String application = authorizedApplication(body, user);
    String si = identity.newSession(user, application);
    return ApiResult.stream(
        out -> {
          out.writeStartObject();
          out.writeStringField("Message", "Open application succeeded.");
          out.writeObjectFieldStart("Application SessionInfo");
          out.writeStringField("XfBytes", si);
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  /** The live session named by the body's {@code SI}, which must belong to {@code user}. */
  private Session session(RequestBody body, User user) {
    if (!body.has("SI")) {
      throw ApiException.badRequest("The request is missing the argument 'SI'.");
    }
    String xf = xfBytes(body);
    if (xf == null || xf.isBlank()) {
      throw ApiException.badRequest("The request is missing the argument 'SI.XfBytes'.");
    }
    Session s = identity.useSession(xf);
    // [ASSUMED, onestream-api.md §3] an unknown, idle-expired or foreign SI answers 401.
    if (s == null || !s.user().name().equals(user.name())) {
      throw ApiException.unauthorized(SESSION_INVALID);
    }
    return s;
  }

  private static String xfBytes(RequestBody body) {
    return body.object("SI").string("XfBytes");
  }

  /** The canonical name of the body's ApplicationName, which must exist and be open to the user. */
  private String authorizedApplication(RequestBody body, User user) {
    String name = body.requireString("ApplicationName");
    String canonical = host.canonicalName(name);
    if (canonical == null) {
      throw ApiException.badRequest("Application '" + name + "' does not exist.");
    }
    if (!user.mayOpen(canonical)) {
      throw ApiException.forbidden(
          "The user '"
              + user.name()
              + "' is not authorized to open application '"
              + canonical
              + "'.");
    }
    return canonical;
  }

  /** BaseWebServerUrl names the web-server app as an absolute http(s) URL [DOC, §1]. */
  private static void requireWebServerUrl(RequestBody body) {
    String url = body.requireString("BaseWebServerUrl");
    boolean ok;
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      ok =
          uri.isAbsolute()
              && uri.getHost() != null
              && (scheme.equals("http") || scheme.equals("https"));
    } catch (URISyntaxException e) {
      ok = false;
    }
    if (!ok) {
      throw ApiException.badRequest(
          "The argument 'BaseWebServerUrl' must be an absolute http or https URL: " + url);
    }
  }

  private User authenticate(Request request, boolean expireToken) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    }
    if (token == null || token.isEmpty()) {
      throw ApiException.unauthorized(DENIED);
    }
    if (expireToken && identity.expireAccessToken(token)) {
      identity.authenticate(token); // now answers "The access token has expired."
    }
    IdentityStore.Caller caller = identity.authenticate(token);
    if (expireToken) {
      // A PAT cannot be expired for good without harming later tests: refuse this call only.
      throw ApiException.unauthorized("The Personal Access Token has expired.");
    }
    return caller.user();
  }

  private static ApiVersion version(Route route, String text) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest(
          "The request is missing the query parameter 'api-version'; use 5.2.0 or 7.2.0.");
    }
    ApiVersion v = ApiVersion.parse(text.trim());
    if (v == null) {
      throw ApiException.badRequest(
          "The api-version '" + text + "' is not supported; use 5.2.0 or 7.2.0.");
    }
    if (!route.versions().contains(v)) {
      String accepted =
          route.versions().stream()
              .map(ApiVersion::text)
              .sorted()
              .reduce((a, b) -> a + " or " + b)
              .orElse("");
      throw ApiException.badRequest(
          route.path() + " does not support api-version '" + text + "'; use " + accepted + ".");
    }
    return v;
  }

  private static JsonNode parseJson(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Http.JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      // Jackson's own message can quote body text (an SI, say): give only the position.
      String at =
          e.getLocation() == null
              ? null
              : "Line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ApiException(400, "The request body is not valid JSON.", at);
    }
  }

  private static Map<String, String> lowerCaseQuery(Request request) {
    Map<String, String> q = new HashMap<>();
    Fields fields = Request.extractQueryParameters(request);
    for (Fields.Field f : fields) {
      q.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), f.getValue());
    }
    return Map.copyOf(q);
  }

  private static ApiException retryLater(Exchange x, FaultKind kind, int retryAfterSeconds) {
    x.response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    return kind == FaultKind.HTTP_429
        ? new ApiException(429, "Too many requests. Try again later.")
        : new ApiException(503, "The service is unavailable. Try again later.");
  }

  private void sendError(Exchange x, ApiException e) {
    if (x.response.isCommitted()) {
      // Mid-stream failure: the status line is gone; dropping the connection is the only signal.
      x.callback.failed(e);
      return;
    }
    ObjectNode body = Http.message(e.getMessage(), e.detail());
    if (e.status() == 401) {
      x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    respond(x, e.status(), ApiResult.value(body));
  }

  /** Writes an answer: streamed normally, buffered and damaged when a body fault applies. */
  private void respond(Exchange x, int status, ApiResult result) {
    x.status = status;
    Response response = x.response;
    if (x.bodyFault != null) {
      respondDamaged(x, status, result);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Http.JSON_UTF8);
    // A 64 KiB buffer: Jetty's blocking sink costs a round trip per write, and Jackson alone
    // would write 8 KiB at a time.
    CountingOutputStream out =
        new CountingOutputStream(
            new BufferedOutputStream(Content.Sink.asOutputStream(response), 1 << 16));
    JsonGenerator g;
    try {
      g = Http.JSON.getFactory().createGenerator(out);
      result.write(g);
    } catch (ApiException e) {
      retryAsError(x, e);
      return;
    } catch (IOException | RuntimeException e) {
      retryAsError(x, ApiException.serverError("An error has occurred.", e.getMessage()));
      return;
    }
    try {
      g.flush();
      out.flush();
      x.bytes = out.count();
      logOnce(x);
      g.close(); // closes the response stream, which completes the answer
      x.callback.succeeded();
    } catch (IOException e) {
      x.bytes = out.count();
      x.callback.failed(e);
    }
  }

  /**
   * An error thrown while a result is written: answered as an error while nothing has been sent
   * (the generator's buffer is dropped unflushed), else the connection is dropped.
   */
  private void retryAsError(Exchange x, ApiException e) {
    // Once: if the error answer cannot be written either (the client has gone), writing it again
    // would fail again, forever.
    if (x.response.isCommitted() || x.answeringError) {
      x.callback.failed(e);
      return;
    }
    x.answeringError = true;
    x.response.reset();
    sendError(x, e);
  }

  private void respondDamaged(Exchange x, int status, ApiResult result) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (JsonGenerator g = Http.JSON.getFactory().createGenerator(buffer)) {
      result.write(g);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot buffer an answer", e);
    }
    byte[] full = buffer.toByteArray();
    Response response = x.response;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Http.JSON_UTF8);
    if (x.bodyFault == FaultKind.MALFORMED_JSON || x.bodyFault == FaultKind.NULL_BODY) {
      byte[] damaged = x.bodyFault == FaultKind.NULL_BODY ? NULL : malformed(full);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, damaged.length);
      x.bytes = damaged.length;
      logOnce(x);
      response.write(true, ByteBuffer.wrap(damaged), x.callback);
      return;
    }
    // TRUNCATED_BODY: promise every byte, send half, then drop the connection.
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, full.length);
    int sent = full.length / 2;
    x.bytes = sent;
    logOnce(x);
    try {
      Content.Sink.write(response, false, ByteBuffer.wrap(full, 0, sent));
    } catch (IOException e) {
      LOG.debug("Truncated answer could not be sent", e);
    }
    Http.abort(x.request, x.callback, "Injected truncated body");
  }

  /**
   * Half the answer followed by an HTML comment, as a proxy error page spliced in: '<' can start no
   * JSON value and cannot close an unterminated string, so the result is never valid JSON.
   */
  static byte[] malformed(byte[] full) {
    byte[] tail = "<!-- emulator fault: malformed body -->".getBytes(StandardCharsets.UTF_8);
    int keep = full.length / 2;
    byte[] out = new byte[keep + tail.length];
    System.arraycopy(full, 0, out, 0, keep);
    System.arraycopy(tail, 0, out, keep, tail.length);
    return out;
  }
}
