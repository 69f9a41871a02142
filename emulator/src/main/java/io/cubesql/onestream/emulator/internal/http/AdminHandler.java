package io.cubesql.onestream.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubesql.onestream.emulator.internal.fault.FaultController;
import io.cubesql.onestream.emulator.internal.identity.IdentityStore;
import io.cubesql.onestream.emulator.internal.log.RequestLog;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The emulator's own control routes, without authentication (the emulator binds to loopback by
 * default): {@code GET/POST/DELETE /emulator/admin/faults}, {@code GET/DELETE
 * /emulator/admin/requests} and {@code GET /emulator/admin/stats}. Not recorded in the request log.
 */
final class AdminHandler {
  static final String PREFIX = "/emulator/admin/";

  private final FaultController faults;
  private final RequestLog log;
  private final IdentityStore identity;
  private final IntSupplier openConnections;

  AdminHandler(
      FaultController faults, RequestLog log, IdentityStore identity, IntSupplier openConnections) {
    this.faults = faults;
    this.log = log;
    this.identity = identity;
    this.openConnections = openConnections;
  }

  void handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request).toLowerCase(Locale.ROOT);
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    String what = path.substring(PREFIX.length()).replaceAll("/+$", "");
    try {
      switch (what) {
        case "faults" -> faults(request, response, callback, method);
        case "requests" -> requests(response, callback, method);
        case "stats" -> stats(response, callback, method);
        default ->
            Http.sendJson(
                response,
                callback,
                404,
                Http.message("No emulator admin route '" + what + "'.", null),
                Map.of());
      }
    } catch (IllegalArgumentException e) {
      Http.sendJson(response, callback, 400, Http.message(e.getMessage(), null), Map.of());
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  private void faults(Request request, Response response, Callback callback, String method)
      throws IOException {
    switch (method) {
      case "GET" -> {}
      case "POST", "PUT" -> {
        JsonNode config;
        try {
          config = Http.JSON.readTree(Http.readBody(request));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("The fault configuration is not valid JSON.", e);
        }
        faults.configure(config);
      }
      case "DELETE" -> faults.clear();
      default -> {
        notAllowed(response, callback, "GET, POST, DELETE");
        return;
      }
    }
    Http.sendJson(response, callback, 200, faults.toJson(), Map.of());
  }

  private void requests(Response response, Callback callback, String method) {
    switch (method) {
      case "GET" -> Http.sendJson(response, callback, 200, log.toJson(), Map.of());
      case "DELETE" -> {
        log.clear();
        Http.sendJson(response, callback, 200, log.toJson(), Map.of());
      }
      default -> notAllowed(response, callback, "GET, DELETE");
    }
  }

  /**
   * {@code {"openConnections": 2, "sessions": 3, "apiRequests": 120, "faultsFired": {"HTTP_503":
   * 4}}}: the client connections open now other than the one asking, the SessionInfos held, and
   * since start the API requests received and the faults injected, by kind. A soak reads them to
   * check that a client leaves no connection open.
   */
  private void stats(Response response, Callback callback, String method) {
    if (!method.equals("GET")) {
      notAllowed(response, callback, "GET");
      return;
    }
    ObjectNode n = Http.JSON.createObjectNode();
    n.put("openConnections", Math.max(0, openConnections.getAsInt() - 1));
    n.put("sessions", identity.sessionCount());
    n.put("apiRequests", faults.apiRequests());
    ObjectNode fired = n.putObject("faultsFired");
    faults.fired().forEach((kind, count) -> fired.put(kind.name(), count));
    Http.sendJson(response, callback, 200, n, Map.of());
  }

  private static void notAllowed(Response response, Callback callback, String allow) {
    Http.sendJson(
        response,
        callback,
        405,
        Http.message("Use " + allow + ".", null),
        Map.of(HttpHeader.ALLOW, allow));
  }
}
