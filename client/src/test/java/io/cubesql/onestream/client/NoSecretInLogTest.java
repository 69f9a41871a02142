package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line at TRACE through a whole session — token requests, Logon, queries, a
 * token refresh, an expired SessionInfo, retries and failures — and checks that no PAT, client
 * secret, access token or SessionInfo appears in any line, any exception, or any {@code
 * toString()}.
 */
class NoSecretInLogTest {
  private static final String CLIENT_ID = "log-test-client";

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private Level rootLevel;
  private Level jettyLevel;

  @BeforeEach
  void captureEverything() {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger jetty = context.getLogger("org.eclipse.jetty");
    rootLevel = root.getLevel();
    jettyLevel = jetty.getLevel();
    root.setLevel(Level.TRACE);
    // The emulator's HTTP server stands in for the remote server: its own TRACE output is not the
    // client's, and would only slow the test down.
    jetty.setLevel(Level.INFO);
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void restore() {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(captured);
    captured.stop();
    root.setLevel(rootLevel);
    context.getLogger("org.eclipse.jetty").setLevel(jettyLevel);
  }

  @Test
  void noSecretInAnyLogLineExceptionOrToString() throws Exception {
    Secret clientSecret = Secret.of("cs-" + UUID.randomUUID());
    Set<String> sessionInfos = ConcurrentHashMap.newKeySet();
    Set<String> bearerTokens = ConcurrentHashMap.newKeySet();
    List<String> texts = new ArrayList<>();
    String pat;
    long tokenRequests;

    try (OneStreamEmulator emulator =
        OneStreamEmulator.builder().oauthClient(CLIENT_ID, clientSecret.reveal()).start()) {
      pat = emulator.adminPat();
      ClientCredentialsTokenProvider tokens =
          ClientCredentialsTokenProvider.builder()
              .tokenUrl(emulator.baseUrl() + "/oauth2/default/v1/token")
              .clientId(CLIENT_ID)
              .clientSecret(clientSecret)
              .shared(false)
              .build();
      ClientConfig config =
          TestSessions.config(emulator, tokens)
              .maxAttempts(3)
              .retryBaseDelay(Duration.ofMillis(20))
              .retryMaxDelay(Duration.ofSeconds(2))
              .build();
      Transport transport = new RecordingTransport(config, sessionInfos, bearerTokens);
      try (SessionManager s = new SessionManager(config, transport)) {
        texts.add(s.authorizedApplications().toString());
        rows(s, Route.CUBE_VIEW);

        // A token refresh, a new session, a retried 503 and a retried reset: all recovered.
        emulator.faults().add(fault(FaultKind.TOKEN_EXPIRY).count(1));
        rows(s, Route.CUBE_VIEW);
        emulator.faults().add(fault(FaultKind.SI_EXPIRY).count(1));
        rows(s, Route.CUBE_VIEW);
        emulator.faults().add(fault(FaultKind.HTTP_503).count(1).retryAfterSeconds(0));
        emulator.faults().add(fault(FaultKind.CONNECTION_RESET).count(1));
        rows(s, Route.CUBE_VIEW);

        // Failures: their messages, causes and stack traces are checked too.
        for (FaultKind kind :
            List.of(FaultKind.HTTP_500, FaultKind.TRUNCATED_BODY, FaultKind.MALFORMED_JSON)) {
          emulator.faults().clear();
          emulator.faults().add(fault(kind).count(1));
          texts.add(
              describe(catchThrowableOfType(() -> rows(s, Route.CUBE_VIEW), Throwable.class)));
        }
        emulator.faults().clear();
        texts.add(describe(catchThrowableOfType(() -> rows(s, Route.SQL), Throwable.class)));

        // A PAT session whose token is refused for good.
        ClientConfig patConfig =
            TestSessions.config(emulator, new PatTokenProvider(Secret.of(pat))).build();
        try (SessionManager patSession = new SessionManager(patConfig, transport)) {
          emulator.faults().add(fault(FaultKind.TOKEN_EXPIRY));
          texts.add(
              describe(
                  catchThrowableOfType(() -> rows(patSession, Route.CUBE_VIEW), Throwable.class)));
          texts.add(patSession.toString());
          texts.add(patConfig.tokenProvider().toString());
          texts.add(patConfig.tokenProvider().token().toString());
        }
        texts.add(s.toString());
        texts.add(tokens.token().toString());
        texts.add(tokens.token().value().toString());
        texts.add(config.toString());
        texts.add(new CallHandle().toString());
      }
      tokenRequests = emulator.identity().tokenRequests(TokenEndpointKind.OKTA);
    }

    assertThat(tokenRequests)
        .as("token requests: the token was refreshed")
        .isGreaterThanOrEqualTo(2);
    assertThat(sessionInfos).as("a new session was opened").hasSizeGreaterThanOrEqualTo(4);
    assertThat(bearerTokens).contains(pat);
    assertThat(captured.list).as("TRACE reached the client's loggers").isNotEmpty();
    assertThat(captured.list)
        .anyMatch(e -> e.getLevel() == Level.TRACE && e.getFormattedMessage().contains("body"));

    List<String> secrets = new ArrayList<>();
    secrets.add(pat);
    secrets.add(clientSecret.reveal());
    secrets.addAll(bearerTokens);
    secrets.addAll(sessionInfos);
    for (ILoggingEvent event : captured.list) {
      texts.add(event.getLoggerName() + " " + event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    for (String text : texts) {
      for (String secret : secrets) {
        // Only whether it leaked is reported: the assertion message must not print the secret.
        assertThat(text.contains(secret))
            .as("a secret of length %d leaked into: %s", secret.length(), redactAll(text, secrets))
            .isFalse();
      }
    }
  }

  private static String redactAll(String text, List<String> secrets) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "<SECRET>");
    }
    return out;
  }

  private static FaultRule fault(FaultKind kind) {
    return FaultRule.of(kind).probability(1).route("DataProvider/.*");
  }

  private static String describe(Throwable t) {
    assertThat(t).isInstanceOf(OneStreamException.class);
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + w;
  }

  private static int rows(SessionManager s, Route route) throws OneStreamException {
    Consumer<Call> handle = new CallHandle();
    try (Response r =
            s.call(
                route,
                g -> {
                  if (route == Route.SQL) {
                    g.writeStringField("SqlQuery", "SELECT nonsense FROM nowhere");
                    g.writeStringField("DbLocation", "Application");
                  } else {
                    g.writeStringField("CubeViewName", "ActualVsBudget");
                  }
                  g.writeStringField("ResultDataTableName", "T");
                },
                Map.of(),
                handle);
        JsonParser p = Json.FACTORY.createParser(r.body().byteStream())) {
      int tokens = 0;
      while (p.nextToken() != null) {
        tokens += p.currentToken() == JsonToken.START_OBJECT ? 1 : 0;
      }
      return tokens;
    } catch (OneStreamException e) {
      throw e;
    } catch (IOException e) {
      throw Transport.failure(null, route.path(), e);
    }
  }
}
