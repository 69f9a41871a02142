package io.cubesql.onestream.emulator;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiRequest;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An application host for HTTP-layer tests: it echoes each call as {@code {"Table": [{"Route",
 * "Application", "User", "Version", "Page"}]}}, streams {@code Rows} rows when the body asks, and
 * fails on demand ({@code "Fail": "api"} or {@code "Fail": "runtime"}).
 */
public final class FakeHost implements ApplicationHost {
  final List<ApiRequest> calls = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  @Override
  public List<String> applicationNames() {
    return List.of("GolfStream", "GolfStreamDemo_2022");
  }

  @Override
  public ApiResult handle(ApiRequest request) {
    calls.add(request);
    String fail = request.body().string("Fail");
    if ("api".equals(fail)) {
      throw ApiException.badRequest("Cube view 'Nope' does not exist.");
    }
    if ("runtime".equals(fail)) {
      throw new IllegalStateException("boom");
    }
    int rows = request.body().has("Rows") ? Integer.parseInt(request.body().string("Rows")) : 1;
    return ApiResult.stream(
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("Table");
          for (int i = 0; i < rows; i++) {
            out.writeStartObject();
            out.writeStringField("Route", request.route().path());
            out.writeStringField("Application", request.application());
            out.writeStringField("User", request.user().name());
            out.writeStringField("Version", request.version().text());
            out.writeStringField("Page", request.queryParam("page"));
            out.writeNumberField("Row", i);
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  @Override
  public void close() {
    closed = true;
  }
}
