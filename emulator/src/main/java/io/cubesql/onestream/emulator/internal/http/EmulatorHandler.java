package io.cubesql.onestream.emulator.internal.http;

import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import io.cubesql.onestream.emulator.internal.fault.FaultController;
import io.cubesql.onestream.emulator.internal.identity.IdentityStore;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import io.cubesql.onestream.emulator.internal.log.RequestLog;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The emulator's one Jetty handler: sends each request to the admin routes, a token endpoint or the
 * API (which also answers 404 for every other path). Handlers block (bodies are read and written
 * with blocking streams), which Jetty allows for this default invocation type.
 */
public final class EmulatorHandler extends Handler.Abstract {
  private final ApiHandler api;
  private final TokenHandler tokens;
  private final AdminHandler admin;

  /**
   * @param openConnections the server's open client connections, for {@code /emulator/admin/stats}
   */
  public EmulatorHandler(
      ApplicationHost host,
      IdentityStore identity,
      FaultController faults,
      RequestLog log,
      IntSupplier openConnections) {
    this.api = new ApiHandler(host, identity, faults, log);
    this.tokens = new TokenHandler(identity, faults, log);
    this.admin = new AdminHandler(faults, log, identity, openConnections);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (path.toLowerCase(Locale.ROOT).startsWith(AdminHandler.PREFIX)) {
      admin.handle(request, response, callback);
      return true;
    }
    TokenEndpointKind kind = TokenHandler.kindOf(path);
    if (kind != null) {
      tokens.handle(request, response, callback, kind);
      return true;
    }
    api.handle(request, response, callback);
    return true;
  }
}
