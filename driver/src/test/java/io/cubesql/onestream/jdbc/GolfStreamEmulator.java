package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one GolfStream emulator per JVM, on port 0, and hands it to tests
 * as a parameter (the emulator module's extension, with helpers to reach it by URL). Its Analytics
 * pages are small (1000 rows), so that a cube read spans many pages. Tests that add faults or
 * latency remove them before they end, and let a request they made slow end ({@link
 * #awaitSlowRequest}).
 */
public final class GolfStreamEmulator implements ParameterResolver {
  private static final class Holder implements AutoCloseable {
    final OneStreamEmulator emulator = OneStreamEmulator.builder().pageSize(1000).start();

    @Override
    public void close() {
      emulator.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == OneStreamEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
        .emulator;
  }

  /** The driver URL of the emulator's GolfStream application, over plain HTTP. */
  public static String url(OneStreamEmulator emulator) {
    URI base = URI.create(emulator.baseUrl());
    return "jdbc:onestream://" + base.getHost() + ":" + base.getPort() + "/GolfStream?ssl=false";
  }

  /**
   * Waits (up to 20 s) until the emulator has ended a request on {@code route} that it held at
   * least {@code latencyMs}: a test whose client gave up on a slow request lets it end there, since
   * the emulator logs it only then, into whatever test runs next.
   */
  public static void awaitSlowRequest(OneStreamEmulator emulator, String route, long latencyMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (emulator.requestLog().entries(route).stream().noneMatch(e -> e.durationMs() >= latencyMs)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Properties with a fresh PAT of the Administrator, so that a test may revoke it. */
  public static Properties withFreshPat(OneStreamEmulator emulator) {
    Properties p = new Properties();
    p.setProperty("password", emulator.issuePat("admin", Duration.ofHours(1)));
    return p;
  }
}
