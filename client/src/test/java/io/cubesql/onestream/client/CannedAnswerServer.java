package io.cubesql.onestream.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small HTTP server that answers every request with the JSON a test sets, for answers the
 * emulator never writes (keys in another order, damaged envelopes); and a 5.2.0 client of it, which
 * needs no Logon, so every call is one request.
 */
final class CannedAnswerServer implements AutoCloseable {
  private final AtomicReference<String> answer = new AtomicReference<>();
  private final HttpServer server;

  CannedAnswerServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** What every request is answered with from now on. */
  void answer(String json) {
    answer.set(json);
  }

  /** A new client of this server on api-version 5.2.0. */
  OneStreamClient client() {
    return OneStreamClient.open(
        ClientConfig.builder()
            .serverUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .application("GolfStream")
            .apiVersion(ApiVersion.V5_2_0)
            .tokenProvider(new PatTokenProvider(Secret.of("not-checked-by-this-server")))
            .build());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
