package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The set-up the emulator tests share: a PAT, a GolfStream config, a session, a cube view call, a
 * sequence run.
 */
final class TestSessions {
  private TestSessions() {}

  /** A provider of the emulator's administrator PAT. */
  static TokenProvider pat(OneStreamEmulator emulator) {
    return new PatTokenProvider(Secret.of(emulator.adminPat()));
  }

  /** A config of the emulator's GolfStream application with {@code tokens}; callers add more. */
  static ClientConfig.Builder config(OneStreamEmulator emulator, TokenProvider tokens) {
    return ClientConfig.builder()
        .serverUrl(emulator.baseUrl())
        .application("GolfStream")
        .tokenProvider(tokens);
  }

  /** A session manager over a transport of its own. */
  static SessionManager session(ClientConfig config) {
    return new SessionManager(config, new Transport(config));
  }

  /** Sends the ActualVsBudget cube view, its table named {@code T}; the caller reads the answer. */
  static Response cubeView(SessionManager s, Consumer<Call> onCall) throws OneStreamException {
    return s.call(
        Route.CUBE_VIEW,
        g -> {
          g.writeStringField("CubeViewName", "ActualVsBudget");
          g.writeStringField("ResultDataTableName", "T");
        },
        Map.of(),
        onCall);
  }

  /**
   * Runs the NightlyConsolidation sequence for 2024M1, telling {@code onState} each state it reads,
   * and answers the error it ends with, or null when it completes.
   */
  static OneStreamException nightlyConsolidationError(
      OneStreamClient client, Consumer<JobStatus> onState) {
    try {
      client.runSequence(
          "NightlyConsolidation", null, SubstVars.of("Time", "2024M1"), new CallHandle(), onState);
      return null;
    } catch (OneStreamException e) {
      return e;
    }
  }
}
