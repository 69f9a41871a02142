package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.AccessToken;
import io.cubesql.onestream.client.ApiVersion;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.Route;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Sends one API call over HTTP: {@code POST {server}{apiBasePath}/api/{Service}/{Action}
 * ?api-version=V} with a JSON body and a bearer token (onestream-api.md §1). It answers the open
 * response of a 200, or throws a {@link OneStreamException} built from the error answer.
 */
public class Transport {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** The largest error body read to find {@code Message} and {@code Detail}. */
  private static final long MAX_ERROR_BODY = 64 * 1024;

  /** One client per JVM; each transport derives its own, sharing connections and threads. */
  private static final OkHttpClient SHARED = new OkHttpClient();

  private final ClientConfig config;
  private final OkHttpClient http;
  private final HttpUrl apiUrl;

  public Transport(ClientConfig config) {
    this.config = config;
    this.http =
        SHARED
            .newBuilder()
            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .addInterceptor(new RedactingLogger())
            .build();
    this.apiUrl = HttpUrl.get(config.serverUrl() + config.apiBasePath() + "/api");
  }

  public ClientConfig config() {
    return config;
  }

  /** The derived OkHttp client, for token endpoints that share its pool. */
  public OkHttpClient http() {
    return http;
  }

  /**
   * Sends one call and returns the open 200 response; the caller closes it.
   *
   * @param onCall receives the OkHttp call before it is executed, so that it can be cancelled
   */
  public Response send(
      Route route,
      ApiVersion version,
      byte[] body,
      AccessToken token,
      Map<String, String> query,
      Consumer<Call> onCall)
      throws OneStreamException {
    HttpUrl.Builder url =
        apiUrl
            .newBuilder()
            .addPathSegments(route.path())
            .addQueryParameter("api-version", version.text());
    query.forEach(url::addQueryParameter);
    Request request =
        new Request.Builder()
            .url(url.build())
            .header("Authorization", "Bearer " + token.value().reveal())
            .header("Accept", "application/json")
            .post(RequestBody.create(body, JSON))
            .build();
    Call call = http.newCall(request);
    onCall.accept(call);
    Response response = execute(call, route.path());
    if (response.code() == 200) {
      return response;
    }
    throw errorFrom(response, route.path());
  }

  /** Executes a call, mapping I/O failures to the kinds a caller acts on. */
  public static Response execute(Call call, String route) throws OneStreamException {
    try {
      return call.execute();
    } catch (IOException e) {
      throw failure(call, route, e);
    }
  }

  /** Classifies an I/O failure of {@code call}. Messages name the route, never a secret. */
  public static OneStreamException failure(Call call, String route, IOException e) {
    if (call != null && call.isCanceled()) {
      return OneStreamException.of(ErrorKind.CANCELLED, route, route + " was cancelled", e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return OneStreamException.of(
          ErrorKind.TIMEOUT, route, route + " timed out: " + e.getMessage(), e);
    }
    if (e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException
        || e instanceof SSLException) {
      return OneStreamException.of(
          ErrorKind.CONNECTION, route, "Cannot reach the server for " + route + ": " + e, e);
    }
    return OneStreamException.of(
        ErrorKind.PROTOCOL, route, route + " failed while reading the answer: " + e, e);
  }

  /**
   * Reads an error answer's {@code Message} and {@code Detail} (its first 64 KiB) and closes it.
   */
  public static OneStreamException errorFrom(Response response, String route) {
    byte[] bytes = new byte[0];
    try (ResponseBody b = response.body()) {
      if (b != null) {
        BufferedSource source = b.source();
        source.request(MAX_ERROR_BODY);
        bytes =
            source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), MAX_ERROR_BODY));
      }
    } catch (IOException e) {
      // The status alone still says what failed.
    }
    Map<String, String> fields = Json.topLevelStrings(bytes);
    return OneStreamException.fromResponse(
        route, response.code(), response.message(), fields.get("message"), fields.get("detail"));
  }
}
