package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process demo servers of {@code jdbc:onestream:demo}: one emulator per (scale, seed) per
 * JVM on 127.0.0.1 and a free port, started by the first connection that needs it, shared by the
 * connections after it, and stopped when the JVM exits.
 */
public final class DemoServers {
  /** The demo application. */
  public static final String APPLICATION = "GolfStream";

  /** The user each demo connection gets a PAT of: the Administrator, who may use every route. */
  static final String USER = "admin";

  private record Key(int scale, long seed) {}

  private static final Map<Key, Server> SERVERS = new ConcurrentHashMap<>();
  private static final Thread SHUTDOWN = shutdownThread();
  private static boolean hookAdded; // guarded by DemoServers.class

  /**
   * A daemon: an embedding runtime that interrupts the live non-daemon threads while it shuts down
   * (JPype does) leaves it alone.
   */
  private static Thread shutdownThread() {
    Thread t = new Thread(DemoServers::stopAll, "onestream-demo-stop");
    t.setDaemon(true);
    return t;
  }

  private DemoServers() {}

  /** The demo server of {@code scale} and {@code seed}, started now if it is not running. */
  public static OneStreamEmulator get(int scale, long seed) {
    return SERVERS.computeIfAbsent(new Key(scale, seed), Server::new).get();
  }

  private static synchronized void addShutdownHook() {
    if (!hookAdded) {
      Runtime.getRuntime().addShutdownHook(SHUTDOWN);
      hookAdded = true;
    }
  }

  /**
   * Stops every demo server as the JVM exits. A server that cannot stop cleanly (its thread was
   * interrupted) is ended by the exit all the same: nothing is printed for it.
   */
  private static void stopAll() {
    for (Server s : SERVERS.values()) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        // The JVM is exiting; its sockets and threads go with it.
      }
    }
  }

  /** One demo server, started once: the first caller starts it while the others wait. */
  private static final class Server {
    private final Key key;
    private OneStreamEmulator emulator; // guarded by this

    Server(Key key) {
      this.key = key;
    }

    synchronized OneStreamEmulator get() {
      if (emulator == null) {
        emulator =
            OneStreamEmulator.builder()
                .host("127.0.0.1")
                .port(0)
                .scale(key.scale())
                .seed(key.seed())
                .start();
        addShutdownHook();
      }
      return emulator;
    }

    synchronized void stop() {
      if (emulator != null) {
        emulator.close();
        emulator = null;
      }
    }
  }
}
