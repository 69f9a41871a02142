package io.cubesql.onestream.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The one Jackson factory of the client, and small helpers for request and error bodies. */
public final class Json {
  public static final JsonFactory FACTORY = new JsonFactory();

  /** Writes the fields of one JSON object. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator out) throws IOException;
  }

  private Json() {}

  /** A JSON object with the given fields, as UTF-8 bytes. */
  public static byte[] object(Fields fields) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /**
   * A parser of {@code body} standing on the start of its JSON object; an {@link IOException} when
   * the body is not a JSON object.
   */
  public static JsonParser openObject(byte[] body) throws IOException {
    JsonParser p = FACTORY.createParser(body);
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      return p;
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /**
   * Reads {@code body} to its end and throws when it is not one well-formed JSON value: cut short
   * ({@code JsonEOFException}), damaged, or followed by anything.
   */
  public static void requireWellFormed(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() == null) {
        throw new JsonEOFException(p, null, "An empty body");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "Content after the JSON value");
      }
    }
  }

  /**
   * The top-level string fields of a small JSON object, keys in lower case; empty when the text is
   * not a JSON object. For error bodies and Logon answers.
   */
  public static Map<String, String> topLevelStrings(byte[] body) {
    Map<String, String> out = new TreeMap<>();
    try (JsonParser p = openObject(body)) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName().toLowerCase(Locale.ROOT);
        JsonToken t = p.nextToken();
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
          out.put(key, p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // Not JSON (an HTML error page from a proxy, say): the caller falls back to the status.
    }
    return out;
  }
}
