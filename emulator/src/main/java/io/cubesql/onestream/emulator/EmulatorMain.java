package io.cubesql.onestream.emulator;

import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of the standalone emulator: {@code java -jar onestream-emulator-VERSION.jar
 * [options]}. Prints where it listens and the PAT to use, then serves until Ctrl-C.
 */
@Command(
    name = "onestream-emulator",
    mixinStandardHelpOptions = true,
    versionProvider = EmulatorMain.Version.class,
    sortOptions = false,
    description = "Emulates the OneStream REST API with the GolfStream demo applications.")
public final class EmulatorMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port (default ${DEFAULT-VALUE}; 0 = a free port).")
  int port = 8080;

  @Option(
      names = "--pat",
      paramLabel = "TOKEN",
      description = "Accept this PAT for the Administrator (66 letters/digits, one dash).")
  String pat;

  @Option(names = "--client-id", paramLabel = "ID", description = "Register an OAuth2 client.")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "S", description = "Its client secret.")
  String clientSecret;

  @Option(names = "--token-ttl-s", paramLabel = "N", description = "Access-token lifetime, s.")
  long tokenTtlSeconds = 3600;

  @Option(names = "--si-idle-s", paramLabel = "N", description = "SessionInfo idle expiry, s.")
  long siIdleSeconds = 1200;

  @Option(names = "--scale", paramLabel = "N", description = "Demo data scale, 1 to 50.")
  int scale = 1;

  @Option(names = "--seed", paramLabel = "N", description = "Demo data seed.")
  long seed = 42L;

  @Option(names = "--latency-ms", paramLabel = "N", description = "Latency added to API calls.")
  long latencyMs;

  @Option(names = "--page-size", paramLabel = "N", description = "Rows per Analytics page.")
  int pageSize = 50_000;

  @Option(names = "--async-polls", paramLabel = "N", description = "Polls answering Running.")
  int asyncPolls;

  @Option(names = "--call-state", description = "7.2.0 call state for long calls [ASSUMED].")
  boolean callState;

  @Option(names = "--empty-result-as-null", description = "Answer empty results as null.")
  boolean emptyResultAsNull;

  @Option(names = "--db-dir", paramLabel = "PATH", description = "H2 files directory.")
  Path dbDir;

  @Option(
      names = "--demo",
      description =
          "Start on a free port, query the ActualVsBudget cube view over HTTP, print it, stop.")
  boolean demo;

  @Option(names = "--keystore", paramLabel = "PATH", description = "Serve HTTPS with it.")
  Path keystore;

  @Option(names = "--keystore-password", paramLabel = "P", description = "Keystore password.")
  String keystorePassword;

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EmulatorMain.class.getPackage().getImplementationVersion();
      return new String[] {"onestream-emulator " + (v == null ? "development" : v)};
    }
  }

  /** Waits until GolfStream is built, so that the time printed is the time to a first answer. */
  private static void awaitReady(OneStreamEmulator emulator) {
    if (emulator.applicationHost() instanceof GolfStreamHost golfStream) {
      golfStream.awaitReady();
    }
  }

  public static void main(String[] args) {
    // Jetty's start-up banner at INFO would bury the lines an operator needs; an explicit
    // setting still wins.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }
    int code = new CommandLine(new EmulatorMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    if ((clientId == null) != (clientSecret == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--client-id and --client-secret go together.");
    }
    if ((keystore == null) != (keystorePassword == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--keystore and --keystore-password go together.");
    }
    long started = System.nanoTime();
    OneStreamEmulator.Builder b =
        OneStreamEmulator.builder()
            .host(host)
            .port(port)
            .scale(scale)
            .seed(seed)
            .databaseDirectory(dbDir)
            .pageSize(pageSize)
            .asyncPolls(asyncPolls)
            .callState(callState)
            .emptyResultAsNull(emptyResultAsNull)
            .tokenTtl(Duration.ofSeconds(tokenTtlSeconds))
            .siIdle(Duration.ofSeconds(siIdleSeconds))
            .latency(Duration.ofMillis(latencyMs));
    try {
      if (pat != null) {
        b.adminPat(pat);
      }
      if (clientId != null) {
        b.oauthClient(clientId, clientSecret);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (keystore != null) {
      b.keystore(keystore, keystorePassword);
    }
    if (demo) {
      try (OneStreamEmulator emulator = b.port(0).start()) {
        awaitReady(emulator);
        PrintWriter out = new PrintWriter(System.out, true);
        out.printf(
            "OneStream emulator started in %d ms at %s%n",
            (System.nanoTime() - started) / 1_000_000, emulator.baseUrl());
        new EmulatorDemo(emulator).run(out, "Houston", "2024M3");
      } catch (java.io.IOException e) {
        System.err.println("The demo failed: " + e.getMessage());
        return 1;
      }
      return 0;
    }
    OneStreamEmulator emulator = b.start();
    awaitReady(emulator);
    long ms = (System.nanoTime() - started) / 1_000_000;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "onestream-emulator-shutdown"));
    PrintWriter out = new PrintWriter(System.out, true);
    out.printf("OneStream emulator started in %d ms%n", ms);
    out.printf("  Base URL:          %s%n", emulator.baseUrl());
    out.printf("  API URL:           %s%n", emulator.apiUrl());
    out.printf("  BaseWebServerUrl:  %s%n", emulator.webServerUrl());
    // The operator's own emulator credential: printing it here is the point.
    out.printf("  Administrator PAT: %s%n", emulator.adminPat());
    if (clientId != null) {
      out.printf(
          "  OAuth2 client:     %s (token at %s/oauth2/default/v1/token)%n",
          clientId, emulator.baseUrl());
    }
    out.printf(
        "  Try: curl -s -X POST -H 'Authorization: Bearer %s' -H 'Content-Type: application/json'"
            + " -d '{\"BaseWebServerUrl\": \"%s\"}'"
            + " '%s/api/Authentication/Logon?api-version=7.2.0'%n",
        emulator.adminPat(), emulator.webServerUrl(), emulator.apiUrl());
    out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
