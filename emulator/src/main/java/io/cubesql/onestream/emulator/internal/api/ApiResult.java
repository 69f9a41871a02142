package io.cubesql.onestream.emulator.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A successful answer (HTTP 200), written as JSON by the HTTP layer. Large answers stream: the
 * writer is called with a generator over the response body and never builds the whole body.
 */
public final class ApiResult {
  /** Writes one JSON value (the whole body) to the generator. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(JsonGenerator out) throws IOException;
  }

  private final BodyWriter writer;

  private ApiResult(BodyWriter writer) {
    this.writer = writer;
  }

  /** A body written by {@code writer}; it may stream any number of rows. */
  public static ApiResult stream(BodyWriter writer) {
    return new ApiResult(writer);
  }

  /** A body that is one Jackson-serialisable value (maps, lists, strings, numbers, nodes). */
  public static ApiResult value(Object value) {
    return new ApiResult(out -> out.writeObject(value));
  }

  /** The JSON literal {@code null}, which the server answers for some empty results. */
  public static ApiResult nullBody() {
    return new ApiResult(JsonGenerator::writeNull);
  }

  /** {@code {"Message": message}}. */
  public static ApiResult message(String message) {
    return new ApiResult(
        out -> {
          out.writeStartObject();
          out.writeStringField("Message", message);
          out.writeEndObject();
        });
  }

  public void write(JsonGenerator out) throws IOException {
    writer.write(out);
  }
}
