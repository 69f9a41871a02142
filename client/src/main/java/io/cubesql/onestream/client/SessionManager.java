package io.cubesql.onestream.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.internal.ApiCaller;
import io.cubesql.onestream.client.internal.Flight;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.TokenBinding;
import io.cubesql.onestream.client.internal.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session of one connection: on first use it logs on, checks that the application is among the
 * user's authorized applications, opens it, and keeps the Application SessionInfo in memory only
 * (onestream-api.md §3 [DOC]). On api-version 5.2.0 there is no Logon: each body names {@code
 * BaseWebServerUrl} and {@code ApplicationName} instead [DOC].
 *
 * <p>Safe for many concurrent statements. Concurrent first calls cause one Logon and one
 * OpenApplication. A call refused with 401 is sent again, at most {@link #MAX_SENDS} times in all:
 * when the server says the session expired, after logging on again with the same token (each send
 * on the session current when it leaves); otherwise once more after telling the token provider the
 * token was refused and, when it can give a new one, logging on again. A token the provider knows
 * to be stale is never sent again. Errors say which step failed: the token endpoint, Logon, the
 * application check, OpenApplication, or the call. {@link #close()} forgets the SessionInfo and the
 * tokens.
 */
public final class SessionManager implements ApiCaller, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

  private final ClientConfig config;
  private final Transport transport;
  private final TokenProvider tokens;

  /**
   * The most times one call is sent when it is refused with 401: each time on a new session (or
   * with a new token, once). Bounded so that a server that refuses every new session costs three
   * Logons a call, not a loop.
   */
  static final int MAX_SENDS = 3;

  private final Object lock = new Object();
  private volatile Session session;
  private CompletableFuture<Session> opening; // guarded by lock
  private volatile boolean closed;

  /** An open application: its SessionInfo (null on 5.2.0), and the applications Logon listed. */
  private record Session(String si, List<String> applications) {
    @Override
    public String toString() {
      return "Session[****, " + applications + "]";
    }
  }

  /** What Logon or OpenApplication answered. {@link #toString()} hides the SessionInfo. */
  private record SessionAnswer(String si, List<String> applications) {
    @Override
    public String toString() {
      return "SessionAnswer[****, " + applications + "]";
    }
  }

  public SessionManager(ClientConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
    this.tokens = config.tokenProvider();
    // Token requests share the transports' connection pool, and expiry follows the config clock.
    if (tokens instanceof TokenBinding b) {
      b.bind(transport.http(), config.clock());
    }
  }

  @Override
  public Response call(
      Route route, Json.Fields fields, Map<String, String> query, Consumer<Call> onCall)
      throws OneStreamException {
    if (closed) {
      throw closedError();
    }
    Session s = route.needsApplication() ? session(null) : null;
    List<Session> used = new ArrayList<>(MAX_SENDS);
    try {
      return sendAgainAfter401(route, fields, query, onCall, s, used);
    } catch (OneStreamException e) {
      // A server may echo a SessionInfo it was sent in its Message or Detail.
      Session now = session;
      used.add(now);
      throw e.scrubbed(
          used.stream().filter(u -> u != null).map(Session::si).toArray(String[]::new));
    }
  }

  /**
   * Sends the call; after a 401 sends it again, at most {@link #MAX_SENDS} times in all. When the
   * server says the session expired, each send goes on a session that was current when it left: a
   * new one, or one that another statement of this connection opened meanwhile (on a connection
   * shared by many threads, a session can expire again while a call is on its way). Any other 401
   * tells the token provider the token was refused: with a new token (and a new session) the call
   * is sent once more, and without one the error stands. A 401 comes before the server runs
   * anything, so even {@code ExecuteSequence} is safe to send again.
   */
  private Response sendAgainAfter401(
      Route route,
      Json.Fields fields,
      Map<String, String> query,
      Consumer<Call> onCall,
      Session s,
      List<Session> used)
      throws OneStreamException {
    AccessToken token = tokens.token();
    boolean tokenRefused = false;
    for (int sends = 1; ; sends++) {
      used.add(s);
      try {
        return transport.send(route, config.apiVersion(), body(fields, s), token, query, onCall);
      } catch (OneStreamException e) {
        if (e.httpStatus() != 401 || closed) {
          throw e;
        }
        boolean hasSi = s != null && config.apiVersion() == ApiVersion.V7_2_0;
        if (hasSi && sessionExpired(e)) {
          if (sends == MAX_SENDS) {
            throw OneStreamException.restating(
                e.kind(),
                e.getMessage()
                    + "; sent "
                    + sends
                    + " times, each on the newest session when it left, and each session had"
                    + " expired when it arrived",
                e);
          }
          // The token is fine; only the SessionInfo is gone [ASSUMED, onestream-api.md §3].
          LOG.debug("{} answered that the session expired; logging on again", route);
          s = session(s);
        } else {
          // Told always, so that a refused token is never sent again, even when this call ends.
          boolean renewable = tokens.refused(token);
          if (!renewable || tokenRefused || sends == MAX_SENDS) {
            throw e; // A PAT (expired or revoked), a second refusal, or the sends used up.
          }
          tokenRefused = true;
          LOG.debug("{} refused the token; logging on again with a new one", route);
          if (hasSi) {
            s = session(s);
          }
        }
        // tokens.token() never answers a refused token again.
        token = tokens.token();
      }
    }
  }

  /**
   * Whether a 401 says the SessionInfo is invalid or expired rather than the token. The wording is
   * the emulator's [ASSUMED: "Session is invalid or has expired."]; a real server may word it
   * otherwise, and then the token is renewed too, which costs one token request and still works.
   */
  private static boolean sessionExpired(OneStreamException e) {
    String m = e.serverMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains("session");
  }

  /** The applications the user may open, as Logon listed them. */
  public List<String> authorizedApplications() throws OneStreamException {
    return session(null).applications();
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

  /**
   * The open session, opened first when there is none or it is {@code stale}. One thread opens; the
   * others wait for its result (or its error), so N concurrent callers cause one Logon.
   */
  private Session session(Session stale) throws OneStreamException {
    Session s = session;
    if (s != null && s != stale) {
      return s;
    }
    CompletableFuture<Session> flight;
    boolean mine = false;
    synchronized (lock) {
      if (closed) {
        throw closedError();
      }
      s = session;
      if (s != null && s != stale) {
        return s;
      }
      if (opening == null) {
        opening = new CompletableFuture<>();
        mine = true;
        session = null;
      }
      flight = opening;
    }
    if (!mine) {
      return Flight.await(flight, "Logon and OpenApplication");
    }
    Session opened;
    try {
      opened = open();
    } catch (OneStreamException | RuntimeException e) {
      synchronized (lock) {
        opening = null;
      }
      flight.completeExceptionally(e);
      throw e;
    }
    synchronized (lock) {
      opening = null;
      if (!closed) {
        session = opened;
      }
    }
    flight.complete(opened);
    return opened;
  }

  private Session open() throws OneStreamException {
    try {
      return logOnAndOpen();
    } catch (OneStreamException e) {
      if (!(e.getCause() instanceof OneStreamException c && sessionExpired(c)) || closed) {
        throw e;
      }
      // The Logon SessionInfo expired before OpenApplication used it: log on once more.
      LOG.debug("The Logon session expired before OpenApplication; logging on again");
      return logOnAndOpen();
    }
  }

  private Session logOnAndOpen() throws OneStreamException {
    String application = config.application();
    if (application == null) {
      throw OneStreamException.of(
          ErrorKind.BAD_REQUEST, null, "No application is set, so none can be opened");
    }
    if (config.apiVersion() == ApiVersion.V5_2_0) {
      return new Session(null, List.of(application));
    }
    SessionAnswer logon =
        post(
            Route.LOGON,
            "Logon",
            Json.object(g -> g.writeStringField("BaseWebServerUrl", config.webServerUrl())));
    List<String> apps = logon.applications();
    if (apps != null && apps.stream().noneMatch(a -> a.equalsIgnoreCase(application))) {
      throw OneStreamException.of(
          ErrorKind.PERMISSION,
          Route.LOGON.path(),
          "Application '"
              + application
              + "' is not among the applications the user may open: "
              + apps);
    }
    SessionAnswer open;
    try {
      open =
          post(
              Route.OPEN_APPLICATION,
              "OpenApplication of '" + application + "'",
              Json.object(
                  g -> {
                    g.writeStringField("ApplicationName", application);
                    g.writeObjectFieldStart("SI");
                    g.writeStringField("XfBytes", logon.si());
                    g.writeEndObject();
                  }));
    } catch (OneStreamException e) {
      throw e.scrubbed(logon.si()); // a server may echo the SessionInfo it was sent
    }
    LOG.debug("Logged on and opened application {}", application);
    return new Session(open.si(), apps == null ? List.of(application) : List.copyOf(apps));
  }

  /**
   * Sends Logon or OpenApplication, once more with a new token when the token is refused. Errors
   * name {@code step}; those of the token endpoint already name it and pass unchanged.
   */
  private SessionAnswer post(Route route, String step, byte[] body) throws OneStreamException {
    AccessToken token = tokens.token();
    Response response;
    try {
      response = transport.send(route, ApiVersion.V7_2_0, body, token, Map.of(), c -> {});
    } catch (OneStreamException e) {
      // A 401 about the SessionInfo is not the token's fault: open() logs on again instead.
      if (e.httpStatus() != 401 || closed || sessionExpired(e) || !tokens.refused(token)) {
        throw stepFailed(step, e);
      }
      AccessToken next = tokens.token();
      try {
        response = transport.send(route, ApiVersion.V7_2_0, body, next, Map.of(), c -> {});
      } catch (OneStreamException again) {
        throw stepFailed(step, again);
      }
    }
    try (ResponseBody b = response.body()) {
      return readSessionAnswer(b.bytes(), route.path());
    } catch (IOException e) {
      throw stepFailed(step, Transport.failure(null, route.path(), e));
    }
  }

  /** The error of a step, named, keeping the answer's status, Message and Detail. */
  private static OneStreamException stepFailed(String step, OneStreamException e) {
    return OneStreamException.restating(e.kind(), step + " failed: " + e.getMessage(), e);
  }

  private static OneStreamException closedError() {
    return OneStreamException.of(ErrorKind.CANCELLED, null, "The session is closed");
  }

  /** Forgets the SessionInfo and gives back the token provider's tokens. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      session = null;
    }
    tokens.close();
  }

  @Override
  public String toString() {
    return "SessionManager[" + config.application() + "]";
  }

  /** Reads the SessionInfo (and the application list) out of a Logon or OpenApplication answer. */
  private static SessionAnswer readSessionAnswer(byte[] body, String route)
      throws OneStreamException {
    String si = null;
    List<String> apps = null;
    try (JsonParser p = Json.openObject(body)) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        if (key.toLowerCase(Locale.ROOT).endsWith("sessioninfo") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            p.nextToken();
            // Servers before 8.1 wrote xfBytes [CLIENT]: read keys ignoring case.
            if (inner.equalsIgnoreCase("XfBytes")) {
              si = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else if (key.equalsIgnoreCase("Authorized applications") && t == JsonToken.START_ARRAY) {
          apps = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
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
    return new SessionAnswer(si, apps);
  }
}
