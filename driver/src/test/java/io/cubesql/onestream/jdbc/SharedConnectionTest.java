package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One connection shared by many threads, each with statements of its own, as JDBC allows: Calcite
 * numbers a connection's statements with a plain counter and keeps them in a plain map, so that
 * statements made at the same time on two threads could get the same number (Calcite's {@code
 * AssertionError} in {@code CalciteServerImpl.addStatement}) or be lost from the map.
 */
@ExtendWith(GolfStreamEmulator.class)
class SharedConnectionTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 400;

  @Test
  void threadsCreateRunAndCloseStatementsOnOneConnection(OneStreamEmulator emulator)
      throws Exception {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator))) {
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          futures.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                      try {
                        round(c, thread, i);
                      } catch (Exception | Error e) {
                        failures.add(e);
                        return null;
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(5, TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(failures).isEmpty();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (VALUES (1), (2)) AS t(x)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  /** Statements made, metadata read, a query run now and then, and everything closed. */
  private static void round(Connection c, int thread, int i) throws Exception {
    List<Statement> made = new ArrayList<>();
    try {
      for (int k = 0; k < 3; k++) {
        made.add(c.createStatement());
      }
      if (i % 10 == 0) {
        PreparedStatement ps = c.prepareStatement("SELECT x * ? FROM (VALUES (1), (2)) AS t(x)");
        made.add(ps);
        ps.setInt(1, thread);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(thread);
        }
      }
      if (i % 25 == 0) {
        try (ResultSet rs = c.getMetaData().getSchemas()) {
          assertThat(rs.next()).isTrue();
        }
      }
      if (i % 5 == 0) {
        try (ResultSet rs = made.get(0).executeQuery("SELECT " + thread + " AS n")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(thread);
        }
      }
    } finally {
      for (Statement s : made) {
        s.close();
      }
    }
  }
}
