package io.cubesql.onestream.client.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one OAuth 2.0 token request (RFC 6749 §4.4 and §6) and reads the answer with the streaming
 * parser. Errors name the endpoint and the client id, never a secret or a token.
 */
public final class TokenEndpoint {
  /** The largest answer read; a token answer is a few kilobytes at most. */
  private static final long MAX_BODY = 256 * 1024;

  /**
   * The client used when no transport lent its own; the one-per-JVM pool of the transports is
   * preferred (see {@link TokenBinding}). Cleartext only, so that loading this class loads no trust
   * store; {@link #post} derives a TLS copy for an https URL.
   */
  private static final OkHttpClient FALLBACK =
      new OkHttpClient.Builder()
          .connectionSpecs(HttpClients.CLEARTEXT_SPECS)
          .addInterceptor(new RedactingLogger())
          .build();

  private final HttpUrl url;
  private final String shownUrl;
  private final String clientId;

  /** A parsed token answer. {@link #toString()} shows the lifetime only. */
  public record Answer(Secret accessToken, Long expiresInSeconds, Secret refreshToken) {
    @Override
    public String toString() {
      return "Answer[****, expiresIn=" + expiresInSeconds + "]";
    }
  }

  /**
   * @param url the token URL; it must be http or https
   * @param clientId the client id, named in error messages
   */
  public TokenEndpoint(String url, String clientId) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("tokenUrl must be an http or https URL, not " + url);
    }
    this.url = parsed;
    // Messages show the URL without query or user info: either could carry a credential.
    this.shownUrl = parsed.newBuilder().query(null).username("").password("").build().toString();
    this.clientId = clientId;
  }

  /** The token URL as messages show it. */
  public String shownUrl() {
    return shownUrl;
  }

  /** The fallback client, for providers that no transport bound. */
  public static OkHttpClient fallbackHttp() {
    return FALLBACK;
  }

  /**
   * Posts {@code form}; with {@code clientSecret} the client authenticates with HTTP Basic, id and
   * secret form-url-encoded first (RFC 6749 §2.3.1) [DOC: client credentials as HTTP Basic]. {@code
   * http} may be cleartext only (a transport to an http server lent it): an https token URL is then
   * called through a TLS copy of it, verified as OkHttp's default client verifies. A client with a
   * {@code TlsTrust} of its connection's own speaks TLS already, and trusts as it says.
   */
  public Answer post(OkHttpClient http, FormBody form, Secret clientSecret)
      throws OneStreamException {
    http = HttpClients.reaching(http, url);
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            // One-shot: OkHttp would otherwise resend on its own (a 503 with Retry-After: 0).
            .post(new Transport.OneShotBody(form));
    if (clientSecret != null) {
      request.header(
          "Authorization",
          Credentials.basic(
              formEncode(clientId), formEncode(clientSecret.reveal()), StandardCharsets.UTF_8));
    }
    Request built = request.build();
    for (int attempt = 1; ; attempt++) {
      Call call = http.newCall(built);
      Duration wait;
      try (Response response = call.execute()) {
        byte[] body = read(response.body());
        int status = response.code();
        if (status == 200) {
          return parse(body);
        }
        wait =
            throttled(status) && attempt < THROTTLE.maxAttempts()
                ? waitAfter(response.header("Retry-After"), attempt)
                : null;
        if (wait == null) {
          throw refused(status, body, secrets(form, clientSecret));
        }
      } catch (IOException e) {
        if (e instanceof OneStreamException o) {
          throw o;
        }
        // Not retried: a refresh token the server redeemed before the connection broke is gone.
        OneStreamException classified = Transport.failure(call, shownUrl, e);
        String why =
            e instanceof SSLException ssl
                ? TlsFailures.describe(ssl, url, null)
                : String.valueOf(e.getMessage());
        throw OneStreamException.of(
            classified.kind(),
            shownUrl,
            "The token endpoint " + shownUrl + " could not be reached: " + why,
            e);
      }
      pause(wait); // the answer is closed: no connection is held while waiting
    }
  }

  /**
   * Token requests answered 429 or 503 (an identity provider's throttling) are sent again, at most
   * three times in all, after {@code Retry-After} or a short back-off; a wait longer than 10 s is
   * not taken. The server answered before doing anything, so a resend redeems nothing twice.
   */
  private static final RetryPolicy THROTTLE =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          java.time.Clock.systemUTC(),
          () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());

  private static boolean throttled(int status) {
    return status == 429 || status == 503;
  }

  /** The wait before the next attempt, or null when the server asks for longer than allowed. */
  private static Duration waitAfter(String retryAfter, int attempt) {
    Duration asked = THROTTLE.retryAfter(retryAfter);
    Duration wait = asked != null ? asked : THROTTLE.backoff(attempt);
    return wait.compareTo(THROTTLE.maxDelay()) > 0 ? null : wait;
  }

  private static void pause(Duration wait) throws OneStreamException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OneStreamException.of(
          ErrorKind.CANCELLED, null, "Interrupted while waiting to ask for a token again", e);
    }
  }

  /** The credentials this request sends: the client secret and secret form fields. */
  private static List<String> secrets(FormBody form, Secret clientSecret) {
    List<String> out = new ArrayList<>();
    if (clientSecret != null) {
      out.add(clientSecret.reveal());
    }
    for (int i = 0; i < form.size(); i++) {
      String name = form.name(i).toLowerCase(Locale.ROOT);
      if (name.contains("token")
          || name.contains("secret")
          || name.contains("password")
          || name.contains("assertion")
          || name.equals("code")
          || name.equals("code_verifier")) {
        out.add(form.value(i));
      }
    }
    return out;
  }

  /**
   * {@code text} of the identity provider with every literal occurrence of {@code secrets} (as sent
   * and form-encoded) and every secret-looking value replaced by {@code ***}.
   */
  private static String scrub(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        s = s.replace(secret, "***").replace(formEncode(secret), "***");
      }
    }
    return RedactingLogger.redact(s);
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] read(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    body.source().request(MAX_BODY);
    long n = Math.min(body.source().getBuffer().size(), MAX_BODY);
    return body.source().getBuffer().readByteArray(n);
  }

  /**
   * An RFC 6749 §5.2 error answer. A refused client or grant (4xx) is AUTHENTICATION; a failing or
   * throttling endpoint keeps the kind of its status, so that a caller may retry later. The
   * provider's {@code error} and {@code error_description} may echo a credential: {@code secrets}
   * and anything that looks like one are replaced.
   */
  private OneStreamException refused(int status, byte[] body, List<String> secrets) {
    Map<String, String> fields = Json.topLevelStrings(body);
    String error = scrub(fields.getOrDefault("error", "HTTP " + status), secrets);
    String description = scrub(fields.get("error_description"), secrets);
    String message =
        "The token endpoint "
            + shownUrl
            + " refused client '"
            + clientId
            + "': "
            + error
            + (description == null || description.isBlank() ? "" : " (" + description + ")")
            + " (HTTP "
            + status
            + ")";
    ErrorKind kind =
        status >= 400 && status < 500 && status != 429
            ? ErrorKind.AUTHENTICATION
            : ErrorKind.forStatus(status);
    return OneStreamException.of(kind, shownUrl, message);
  }

  private Answer parse(byte[] body) throws OneStreamException {
    String access = null;
    Long expiresIn = null;
    String refresh = null;
    try (JsonParser p = Json.openObject(body)) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        if (key.equals("access_token") && t == JsonToken.VALUE_STRING) {
          access = p.getText();
        } else if (key.equals("refresh_token") && t == JsonToken.VALUE_STRING) {
          refresh = p.getText();
        } else if (key.equals("expires_in") && t.isNumeric()) {
          expiresIn = p.getLongValue();
        } else if (key.equals("expires_in") && t == JsonToken.VALUE_STRING) {
          // Some providers (older Entra v1 endpoints) write the number as a string.
          try {
            expiresIn = Long.parseLong(p.getText().trim());
          } catch (NumberFormatException e) {
            expiresIn = null;
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // No cause and no parser message: both may quote the answer, which may hold a token.
      throw OneStreamException.of(
          ErrorKind.PROTOCOL,
          shownUrl,
          "The token endpoint "
              + shownUrl
              + " answered something that is not JSON ("
              + whereParsingFailed(e)
              + ")");
    }
    if (access == null || access.isEmpty()) {
      throw OneStreamException.of(
          ErrorKind.PROTOCOL, shownUrl, "The token endpoint " + shownUrl + " answered no token");
    }
    if (expiresIn != null && expiresIn <= 0) {
      expiresIn = null;
    }
    return new Answer(
        Secret.of(access),
        expiresIn,
        refresh == null || refresh.isEmpty() ? null : Secret.of(refresh));
  }

  /** The class of a parse failure and where it happened, without its message. */
  private static String whereParsingFailed(IOException e) {
    String where = e.getClass().getSimpleName();
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      JsonLocation at = j.getLocation();
      where += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return where;
  }

  @Override
  public String toString() {
    return "TokenEndpoint[" + shownUrl + ", client '" + clientId + "']";
  }
}
