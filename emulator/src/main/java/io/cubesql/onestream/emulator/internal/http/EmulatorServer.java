package io.cubesql.onestream.emulator.internal.http;

import java.nio.file.Path;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The embedded Jetty server: one HTTP or HTTPS connector, gzip for clients that ask for it (POST
 * included, since every API call is a POST), and the emulator's handler.
 */
public final class EmulatorServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final boolean https;

  /**
   * @param keystore a PKCS12 or JKS keystore for HTTPS, or null for plain HTTP
   * @param keystorePassword its password (never logged)
   */
  public EmulatorServer(
      String host, int port, Path keystore, String keystorePassword, Handler handler) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("onestream-emulator");
    // Daemon threads: an emulator running in-process (tests, jdbc:onestream:demo) must not keep
    // its host JVM alive once main returns. The standalone main waits until it is stopped.
    threads.setDaemon(true);
    server =
        new Server(
            threads, new ScheduledExecutorScheduler("onestream-emulator-scheduler", true), null);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    https = keystore != null;
    if (https) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
      ssl.setKeyStorePassword(keystorePassword);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Test certificates rarely name every host a client uses; do not refuse on SNI.
      secure.setSniHostCheck(false);
      config.addCustomizer(secure);
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(config));
    }
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    GzipHandler gzip = new GzipHandler();
    gzip.addIncludedMethods("POST");
    gzip.setHandler(handler);
    server.setHandler(gzip);
    server.setStopAtShutdown(false);
  }

  public void start() throws Exception {
    server.start();
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  public boolean https() {
    return https;
  }

  /** The client connections open now, idle keep-alive ones included. */
  public int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the emulator's server", e);
    }
  }
}
