package io.cubesql.onestream.emulator.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers shared by the emulator's handlers: the JSON mapper and whole-body answers. */
final class Http {
  /** The one mapper: request bodies are small; large answers stream through its factory. */
  static final ObjectMapper JSON = new ObjectMapper();

  static final String JSON_UTF8 = "application/json; charset=utf-8";

  private Http() {}

  /** {@code {"Message": message, "Detail": detail}}, Detail only when not null (§7). */
  static ObjectNode message(String message, String detail) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("Message", message);
    if (detail != null) {
      n.put("Detail", detail);
    }
    return n;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise a JSON node", e);
    }
  }

  /**
   * Answers {@code body} as one JSON document with a Content-Length, completing {@code callback};
   * returns the body length.
   */
  static long sendJson(
      Response response,
      Callback callback,
      int status,
      JsonNode body,
      Map<HttpHeader, String> headers) {
    return sendJson(response, callback, status, body, headers, bytes -> {});
  }

  /** As above; {@code beforeWrite} gets the body's size before any byte of it is written. */
  static long sendJson(
      Response response,
      Callback callback,
      int status,
      JsonNode body,
      Map<HttpHeader, String> headers,
      LongConsumer beforeWrite) {
    byte[] b = bytes(body);
    beforeWrite.accept(b.length);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_UTF8);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
    response.write(true, ByteBuffer.wrap(b), callback);
    return b.length;
  }

  /**
   * When the request arrived, on the {@link System#nanoTime()} scale: when the server read its
   * first bytes from the socket (Jetty's parser notes it), so that the request log's duration
   * includes parsing the request and handing it to a thread, as a client's own timing does. Now
   * when Jetty does not know.
   */
  static long arrivalNanos(Request request) {
    long now = System.nanoTime();
    long begin = request.getBeginNanoTime();
    return begin != 0 && now - begin >= 0 ? begin : now;
  }

  /** Reads the whole request body as UTF-8 (request bodies are small). */
  static String readBody(Request request) throws IOException {
    return Content.Source.asString(request, StandardCharsets.UTF_8);
  }

  /** Drops the connection without an answer (a fault); the callback fails quietly. */
  static void abort(Request request, Callback callback, String why) {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    endPoint.close();
    callback.failed(new InjectedFault(why));
  }

  /** An injected failure: a {@link QuietException}, so Jetty does not log it as a warning. */
  static final class InjectedFault extends IOException implements QuietException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  /** Sleeps for an injected latency, keeping the interrupt flag. */
  static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
