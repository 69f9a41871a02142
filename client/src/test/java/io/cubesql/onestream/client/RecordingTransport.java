package io.cubesql.onestream.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A transport that records the secrets the client really sends (bearer tokens, SessionInfo {@code
 * XfBytes}), so that a test knows what must show nowhere.
 */
final class RecordingTransport extends Transport {
  private final Set<String> sessionInfos;
  private final Set<String> bearerTokens;

  RecordingTransport(ClientConfig config, Set<String> sessionInfos, Set<String> bearerTokens) {
    super(config);
    this.sessionInfos = sessionInfos;
    this.bearerTokens = bearerTokens;
  }

  @Override
  public Response send(
      Route route,
      ApiVersion version,
      byte[] body,
      AccessToken token,
      Map<String, String> query,
      Consumer<Call> onCall)
      throws OneStreamException {
    bearerTokens.add(token.value().reveal());
    try (JsonParser p = Json.FACTORY.createParser(body)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME
            && p.currentName().equalsIgnoreCase("XfBytes")) {
          p.nextToken();
          sessionInfos.add(p.getText());
        }
      }
    } catch (IOException e) {
      throw new AssertionError("The client sent a body that is not JSON", e);
    }
    return super.send(route, version, body, token, query, onCall);
  }
}
