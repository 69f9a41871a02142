package io.cubesql.onestream.emulator.internal.api;

import io.cubesql.onestream.emulator.internal.identity.User;
import java.util.Map;

/**
 * One authenticated API call, handed by the HTTP layer to an application: the route, the
 * api-version, the body, the caller, and the application the call runs in (from the Application SI
 * on 7.2.0, from {@code ApplicationName} on 5.2.0, with its canonical spelling).
 *
 * @param query query parameters, keys in lower case (for example {@code page})
 */
public record ApiRequest(
    Route route,
    ApiVersion version,
    RequestBody body,
    User user,
    String application,
    Map<String, String> query) {

  /** A query parameter by lower-case name, or null. */
  public String queryParam(String lowerCaseName) {
    return query.get(lowerCaseName);
  }
}
