package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.Route;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;

/**
 * Sends one application call with whatever the session adds: the token, and on 7.2.0 the {@code
 * SI}, on 5.2.0 {@code BaseWebServerUrl} and {@code ApplicationName}. The session manager is the
 * one implementation; tests may fake it.
 */
public interface ApiCaller {
  /**
   * Sends {@code route} with {@code fields} plus the session's fields and returns the open 200
   * response (the caller closes it).
   *
   * @param query extra query parameters (such as {@code page})
   * @param onCall receives each OkHttp call before it runs, so that it can be cancelled; a {@link
   *     io.cubesql.onestream.client.CallHandle} is one
   */
  Response call(Route route, Json.Fields fields, Map<String, String> query, Consumer<Call> onCall)
      throws OneStreamException;
}
