package io.cubesql.onestream.emulator.internal.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubesql.onestream.emulator.internal.fault.FaultController;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.identity.IdentityStore;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import io.cubesql.onestream.emulator.internal.identity.User;
import io.cubesql.onestream.emulator.internal.log.Redaction;
import io.cubesql.onestream.emulator.internal.log.RequestLog;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The OAuth2 token endpoints of the identity providers OneStream trusts (onestream-api.md §2):
 * client credentials at the Entra ID, Okta and PingFederate paths [DOC, CLIENT], and refresh tokens
 * with rotation at OneStream IdentityServer [CLIENT; rotation ASSUMED]. Errors follow RFC 6749
 * §5.2.
 */
final class TokenHandler {
  private static final Pattern ENTRA =
      Pattern.compile("^/[^/]+/oauth2/v2\\.0/token/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern OKTA =
      Pattern.compile("^/oauth2/(?:[^/]+/)?v1/token/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern PING =
      Pattern.compile("^/as/token\\.oauth2/?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY_SERVER =
      Pattern.compile("^/onestreamis/connect/token/?$", Pattern.CASE_INSENSITIVE);

  private final IdentityStore identity;
  private final FaultController faults;
  private final RequestLog log;

  TokenHandler(IdentityStore identity, FaultController faults, RequestLog log) {
    this.identity = identity;
    this.faults = faults;
    this.log = log;
  }

  /** The kind of token endpoint at {@code path}, or null. */
  static TokenEndpointKind kindOf(String path) {
    if (ENTRA.matcher(path).matches()) {
      return TokenEndpointKind.ENTRA;
    }
    if (OKTA.matcher(path).matches()) {
      return TokenEndpointKind.OKTA;
    }
    if (PING.matcher(path).matches()) {
      return TokenEndpointKind.PING;
    }
    if (IDENTITY_SERVER.matcher(path).matches()) {
      return TokenEndpointKind.IDENTITY_SERVER;
    }
    return null;
  }

  /** An RFC 6749 error answer. */
  private static final class OAuthError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;

    OAuthError(int status, String error, String description) {
      super(description);
      this.status = status;
      this.error = error;
    }
  }

  /** One token request on its way: what the log entry records, written once. */
  private final class Exchange {
    /** When the request arrived ({@link Http#arrivalNanos}), on both clocks. */
    final long start;

    final Instant time;
    final Request request;
    final String path;
    final TokenEndpointKind kind;
    final Map<String, String> form = new LinkedHashMap<>();
    FaultKind fault;
    boolean logged;

    Exchange(Request request, TokenEndpointKind kind) {
      Instant now = identity.clock().instant();
      this.start = Http.arrivalNanos(request);
      this.time = now.minusNanos(System.nanoTime() - start);
      this.request = request;
      this.path = Request.getPathInContext(request);
      this.kind = kind;
    }

    /** Logs before the answer's bytes leave, so a client that has the answer finds the entry. */
    void log(int status, long bytes) {
      if (logged) {
        return;
      }
      logged = true;
      TokenHandler.this.log.add(
          new RequestLogEntry(
              time,
              request.getMethod(),
              path,
              "token:" + kind.name(),
              null,
              Redaction.form(form),
              status,
              bytes,
              (System.nanoTime() - start) / 1_000,
              fault == null ? null : fault.name()));
    }

    void send(
        Response response,
        Callback callback,
        int status,
        ObjectNode body,
        Map<HttpHeader, String> headers) {
      Http.sendJson(response, callback, status, body, headers, bytes -> log(status, bytes));
    }
  }

  void handle(Request request, Response response, Callback callback, TokenEndpointKind kind) {
    identity.countTokenRequest(kind);
    Exchange x = new Exchange(request, kind);
    try {
      // Read before any answer: Jetty closes a connection whose request content was left unread.
      String text = Http.readBody(request);
      if (!"POST".equalsIgnoreCase(request.getMethod())) {
        throw new OAuthError(405, "invalid_request", "The token endpoint accepts POST only.");
      }
      String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      boolean isForm =
          contentType != null
              && contentType
                  .toLowerCase(Locale.ROOT)
                  .startsWith("application/x-www-form-urlencoded");
      if (isForm) {
        // Anything else (JSON, say) is refused below, and never parsed or logged.
        x.form.putAll(parseForm(text));
      }
      FaultController.Decision decision = faults.decide(x.path, true);
      Http.sleep(decision.latencyMs());
      x.fault = decision.kind();
      if (x.fault == FaultKind.CONNECTION_RESET) {
        x.log(0, 0);
        Http.abort(request, callback, "Injected connection reset");
      } else if (x.fault == FaultKind.HTTP_429 || x.fault == FaultKind.HTTP_503) {
        int code = x.fault == FaultKind.HTTP_429 ? 429 : 503;
        String retry = Integer.toString(decision.fault().retryAfterSeconds());
        x.send(
            response,
            callback,
            code,
            Http.message("The service is unavailable. Try again later.", null),
            Map.of(HttpHeader.RETRY_AFTER, retry));
      } else if (x.fault == FaultKind.HTTP_500) {
        throw new OAuthError(500, "server_error", "Injected fault.");
      } else {
        if (!isForm) {
          throw new OAuthError(
              400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
        }
        x.send(response, callback, 200, token(kind, request, x.form), noStore());
      }
    } catch (OAuthError e) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("error", e.error);
      body.put("error_description", e.getMessage());
      Map<HttpHeader, String> headers = new LinkedHashMap<>(noStore());
      if (e.status == 401) {
        headers.put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"OneStream emulator\"");
      }
      x.send(response, callback, e.status, body, headers);
    } catch (IOException e) {
      x.log(0, 0);
      callback.failed(e);
    }
  }

  private ObjectNode token(TokenEndpointKind kind, Request request, Map<String, String> form) {
    String grant = form.get("grant_type");
    if (grant == null || grant.isBlank()) {
      throw new OAuthError(400, "invalid_request", "The request is missing 'grant_type'.");
    }
    String[] basic = basicCredentials(request);
    String clientId = basic != null ? basic[0] : form.get("client_id");
    String secret = basic != null ? basic[1] : form.get("client_secret");
    IdentityStore.Issued issued;
    if (grant.equals("client_credentials")) {
      if (clientId == null || secret == null) {
        throw new OAuthError(401, "invalid_client", "Client authentication is required.");
      }
      User user = identity.authenticateClient(clientId, secret);
      if (user == null) {
        throw new OAuthError(401, "invalid_client", "Client authentication failed.");
      }
      issued = identity.issueAccessToken(user);
    } else if (grant.equals("refresh_token") && kind == TokenEndpointKind.IDENTITY_SERVER) {
      if (clientId == null || clientId.isBlank()) {
        throw new OAuthError(400, "invalid_request", "The request is missing 'client_id'.");
      }
      if (form.get("refresh_token") == null) {
        throw new OAuthError(400, "invalid_request", "The request is missing 'refresh_token'.");
      }
      issued = identity.redeemRefreshToken(form.get("refresh_token"), clientId);
      if (issued == null) {
        throw new OAuthError(
            400, "invalid_grant", "The refresh token is invalid, expired or already used.");
      }
    } else {
      throw new OAuthError(
          400, "unsupported_grant_type", "The grant type '" + grant + "' is not supported.");
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("access_token", issued.accessToken());
    n.put("token_type", "Bearer");
    n.put("expires_in", issued.expiresInSeconds());
    if (issued.refreshToken() != null) {
      n.put("refresh_token", issued.refreshToken());
    }
    if (form.get("scope") != null) {
      n.put("scope", form.get("scope"));
    }
    return n;
  }

  /** id and secret from {@code Authorization: Basic}, form-url-decoded (RFC 6749 §2.3.1). */
  private static String[] basicCredentials(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new OAuthError(401, "invalid_client", "The Basic credentials are not valid base64.");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new OAuthError(401, "invalid_client", "The Basic credentials lack a ':'.");
    }
    return new String[] {
      URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
      URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
    };
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return form;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        form.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new OAuthError(400, "invalid_request", "The form body is not properly encoded.");
      }
    }
    return form;
  }

  private static Map<HttpHeader, String> noStore() {
    return Map.of(HttpHeader.CACHE_CONTROL, "no-store");
  }
}
