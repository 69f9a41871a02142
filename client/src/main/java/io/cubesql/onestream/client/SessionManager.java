package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.ApiCaller;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The session of one connection: on first use it logs on, checks that the application is among the
 * user's authorized applications, opens it, and keeps the Application SessionInfo in memory only. A
 * call refused with 401 gets a fresh token where the provider can give one, a new session, and is
 * sent once more. {@link #close()} forgets the SessionInfo and the tokens.
 */
public final class SessionManager implements ApiCaller, AutoCloseable {
  private final ClientConfig config;
  private final Transport transport;
  private final TokenProvider tokens;
  private final Object lock = new Object();
  private volatile Session session;
  private volatile boolean closed;

  /** An open application: its SessionInfo, and the applications Logon listed. */
  private record Session(String si, List<String> applications) {
    @Override
    public String toString() {
      return "Session[****, " + applications + "]";
    }
  }

  public SessionManager(ClientConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
    this.tokens = config.tokenProvider();
  }

  @Override
  public Response call(
      Route route, Json.Fields fields, Map<String, String> query, Consumer<Call> onCall)
      throws OneStreamException {
    Session s = route.needsApplication() ? session() : null;
    AccessToken token = tokens.token();
    try {
      return transport.send(route, config.apiVersion(), body(fields, s), token, query, onCall);
    } catch (OneStreamException e) {
      if (e.httpStatus() != 401 || closed) {
        throw e;
      }
      boolean newToken = tokens.refused(token);
      if (!newToken && (s == null || config.apiVersion() == ApiVersion.V5_2_0)) {
        throw e;
      }
      Session fresh = s == null ? null : renew(s);
      return transport.send(
          route, config.apiVersion(), body(fields, fresh), tokens.token(), query, onCall);
    }
  }

  /** The applications the user may open, as Logon listed them. */
  public List<String> authorizedApplications() throws OneStreamException {
    return session().applications();
  }

  private byte[] body(Json.Fields fields, Session s) {
    return Json.object(
        g -> {
          fields.write(g);
          if (s == null) {
            return;
          }
          if (config.apiVersion() == ApiVersion.V7_2_0) {
            g.writeObjectFieldStart("SI");
            g.writeStringField("XfBytes", s.si());
            g.writeEndObject();
          } else {
            g.writeStringField("BaseWebServerUrl", config.webServerUrl());
            g.writeStringField("ApplicationName", config.application());
          }
        });
  }

  private Session session() throws OneStreamException {
    Session s = session;
    if (s != null) {
      return s;
    }
    synchronized (lock) {
      if (session == null) {
        session = open();
      }
      return session;
    }
  }

  /** Replaces {@code stale} with a new session, unless another thread already did. */
  private Session renew(Session stale) throws OneStreamException {
    synchronized (lock) {
      if (session == stale || session == null) {
        session = open();
      }
      return session;
    }
  }

  private Session open() throws OneStreamException {
    if (closed) {
      throw OneStreamException.of(ErrorKind.CANCELLED, null, "The session is closed");
    }
    String application = config.application();
    if (application == null) {
      throw OneStreamException.of(
          ErrorKind.BAD_REQUEST, null, "No application is set, so none can be opened");
    }
    if (config.apiVersion() == ApiVersion.V5_2_0) {
      return new Session(null, List.of(application));
    }
    Map<String, Object> logon =
        post(
            Route.LOGON,
            Json.object(g -> g.writeStringField("BaseWebServerUrl", config.webServerUrl())));
    String logonSi = (String) logon.get("si");
    @SuppressWarnings("unchecked")
    List<String> apps = (List<String>) logon.get("applications");
    if (apps != null && apps.stream().noneMatch(a -> a.equalsIgnoreCase(application))) {
      throw OneStreamException.of(
          ErrorKind.PERMISSION,
          Route.LOGON.path(),
          "The user may not open application '" + application + "'; Logon lists " + apps);
    }
    Map<String, Object> open =
        post(
            Route.OPEN_APPLICATION,
            Json.object(
                g -> {
                  g.writeStringField("ApplicationName", application);
                  g.writeObjectFieldStart("SI");
                  g.writeStringField("XfBytes", logonSi);
                  g.writeEndObject();
                }));
    return new Session((String) open.get("si"), apps == null ? List.of(application) : apps);
  }

  /** Sends Logon or OpenApplication, retrying once with a fresh token when it is refused. */
  private Map<String, Object> post(Route route, byte[] body) throws OneStreamException {
    AccessToken token = tokens.token();
    Response response;
    try {
      response = transport.send(route, ApiVersion.V7_2_0, body, token, Map.of(), c -> {});
    } catch (OneStreamException e) {
      if (e.httpStatus() != 401 || !tokens.refused(token)) {
        throw e;
      }
      response = transport.send(route, ApiVersion.V7_2_0, body, tokens.token(), Map.of(), c -> {});
    }
    try (ResponseBody b = response.body()) {
      return SessionInfoReader.read(b.bytes(), route.path());
    } catch (IOException e) {
      throw Transport.failure(null, route.path(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    session = null;
    tokens.close();
  }

  @Override
  public String toString() {
    return "SessionManager[" + config.application() + "]";
  }

  /** Reads the SessionInfo (and the application list) out of a Logon or OpenApplication answer. */
  static final class SessionInfoReader {
    private SessionInfoReader() {}

    static Map<String, Object> read(byte[] body, String route) throws OneStreamException {
      String si = null;
      List<String> apps = null;
      try (com.fasterxml.jackson.core.JsonParser p = Json.FACTORY.createParser(body)) {
        if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          throw new IOException("not a JSON object");
        }
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          String key = p.currentName();
          com.fasterxml.jackson.core.JsonToken t = p.nextToken();
          if (key.toLowerCase(java.util.Locale.ROOT).endsWith("sessioninfo")
              && t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              p.nextToken();
              // Servers before 8.1 wrote xfBytes [CLIENT]: read keys ignoring case.
              if (inner.equalsIgnoreCase("XfBytes")) {
                si = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else if (key.equalsIgnoreCase("Authorized applications")
              && t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            apps = new ArrayList<>();
            while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
              apps.add(p.getText());
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        throw OneStreamException.of(
            ErrorKind.PROTOCOL, route, route + " answered something that is not JSON", e);
      }
      if (si == null || si.isBlank()) {
        throw OneStreamException.of(ErrorKind.PROTOCOL, route, route + " answered no SessionInfo");
      }
      java.util.HashMap<String, Object> out = new java.util.HashMap<>();
      out.put("si", si);
      out.put("applications", apps);
      return out;
    }
  }
}
