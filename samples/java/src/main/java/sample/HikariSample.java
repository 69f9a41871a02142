package sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

/**
 * A HikariCP pool on the OneStream driver, as a service would use it, and a check that the driver's
 * SQLStates keep the pool healthy: failed statements (an unknown table, a value that cannot be sent,
 * a query over the call budget) must not make the pool throw connections away. HikariCP evicts a
 * connection when a statement fails with a connection-class SQLState ({@code 08...}) and a few
 * vendor codes; the driver uses those only when the server is really lost.
 *
 * <pre>
 * java -cp target/classes:target/lib/*:onestream-jdbc-0.1.0-SNAPSHOT.jar sample.HikariSample [URL]
 * </pre>
 *
 * Four threads borrow from a pool of two connections, forty times in all; every third borrow also
 * runs a failing statement. The sample prints the outcomes by SQLState and exits 1 unless every good
 * query answered its rows, every failure had the SQLState expected, and the same two physical
 * connections served every borrow.
 */
public final class HikariSample {
  private static final String GOOD =
      "SELECT Account, Actual FROM cubeviews.ActualVsBudget WHERE Entity = ? AND \"Time\" = ?";

  /** Failing statements and the SQLState each must fail with. */
  private static final Map<String, String> BAD =
      Map.of(
          "SELECT * FROM cubes.NoSuchCube", "42S02",
          "SELECT * FROM cubes.GolfStream WHERE Entity = 'Houston]'", "22023",
          "SELECT COUNT(*) FROM cubes.GolfStream WHERE Entity IN ('Houston', 'Montreal', 'Frankfurt')",
              "54000");

  private HikariSample() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "jdbc:onestream:demo";
    HikariConfig config = new HikariConfig();
    config.setPoolName("onestream");
    config.setJdbcUrl(url);
    config.setDriverClassName("io.cubesql.onestream.jdbc.OneStreamDriver");
    String pat = System.getenv("ONESTREAM_PAT");
    if (pat != null) {
      config.setPassword(pat);
    }
    config.addDataSourceProperty("callBudget", "2");
    config.addDataSourceProperty("membersPerRequest", "1"); // an IN of 3 members: 3 calls
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);

    Set<Connection> physical = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    Map<String, AtomicLong> outcomes = Collections.synchronizedMap(new TreeMap<>());
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    List<String> bad = new ArrayList<>(BAD.keySet());
    AtomicLong borrow = new AtomicLong();

    try (HikariDataSource pool = new HikariDataSource(config)) {
      ExecutorService threads = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    long n = borrow.incrementAndGet();
                    try (Connection c = pool.getConnection()) {
                      physical.add(c.unwrap(Connection.class));
                      try (PreparedStatement ps = c.prepareStatement(GOOD)) {
                        ps.setString(1, "Houston");
                        ps.setString(2, "2024M" + (1 + n % 12));
                        int rows = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                          while (rs.next()) {
                            rows++;
                          }
                        }
                        count(outcomes, rows == 14 ? "rows" : "short");
                        if (rows != 14) {
                          wrong.add("borrow " + n + ": " + rows + " rows instead of 14");
                        }
                      }
                      if (n % 3 == 0) {
                        String sql = bad.get((int) (n / 3 % bad.size()));
                        try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(sql)) {
                          rs.next();
                          wrong.add("no failure: " + sql);
                        } catch (SQLException e) {
                          count(outcomes, e.getSQLState());
                          if (!BAD.get(sql).equals(e.getSQLState())) {
                            wrong.add(e.getSQLState() + " instead of " + BAD.get(sql) + ": " + sql);
                          }
                        }
                      }
                    } catch (SQLException e) {
                      wrong.add("borrow " + n + ": " + e.getSQLState() + ": " + e.getMessage());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      threads.shutdown();
      int total = pool.getHikariPoolMXBean().getTotalConnections();
      System.out.println("borrows: " + borrow.get());
      outcomes.forEach((k, v) -> System.out.println("  " + k + ": " + v));
      System.out.println("physical connections used: " + physical.size() + ", in the pool now: " + total);
      if (physical.size() != 2 || total != 2) {
        wrong.add("the pool replaced connections: " + physical.size() + " used, " + total + " now");
      }
    }
    if (!wrong.isEmpty()) {
      wrong.forEach(w -> System.err.println("WRONG: " + w));
      System.exit(1);
    }
    System.out.println("HikariCP sample OK: no connection evicted by a failed statement");
  }

  private static void count(Map<String, AtomicLong> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }
}
