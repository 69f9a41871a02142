package io.cubesql.onestream.calcite.bench;

import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import io.cubesql.onestream.calcite.OneStreamSchemas;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;

/**
 * Benchmark, not a test: the first SQL query of a fresh JVM against a running emulator. Prints the
 * time from JVM start and from main() to the last row read. Arguments: base URL, PAT.
 */
public final class FirstQuery {
  private FirstQuery() {}

  public static void main(String[] args) throws Exception {
    long mainStart = System.nanoTime();
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    OneStreamClient client =
        OneStreamClient.open(
            ClientConfig.builder()
                .serverUrl(args[0])
                .application("GolfStream")
                .tokenProvider(new PatTokenProvider(Secret.of(args[1])))
                .build());
    int rows = 0;
    long connected;
    long prepared;
    long read;
    try (Connection c = OneStreamSchemas.connect(client, OneStreamAdapterOptions.defaults())) {
      connected = System.nanoTime();
      try (java.sql.PreparedStatement s =
          c.prepareStatement(
              "SELECT Account, Scenario, CellValue FROM cubes.GolfStream"
                  + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'")) {
        prepared = System.nanoTime();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rows++;
          }
        }
        read = System.nanoTime();
      }
    }
    long mainMs = (System.nanoTime() - mainStart) / 1_000_000;
    long fromJvm = System.currentTimeMillis() - jvmStartMs;
    client.close();
    System.out.printf(
        "first query: %d rows, %d ms from main(), %d ms from JVM start"
            + " (connect %d ms, prepare %d ms, execute and read %d ms)%n",
        rows,
        mainMs,
        fromJvm,
        (connected - mainStart) / 1_000_000,
        (prepared - connected) / 1_000_000,
        (read - prepared) / 1_000_000);
  }
}
