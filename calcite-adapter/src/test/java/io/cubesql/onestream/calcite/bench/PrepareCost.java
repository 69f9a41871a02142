package io.cubesql.onestream.calcite.bench;

import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import io.cubesql.onestream.calcite.OneStreamSchemas;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;

/**
 * Benchmark, not a test: the time to prepare (parse, validate, plan, generate and compile) distinct
 * SQL texts, with nothing sent to the server; the part of the per-statement overhead that is
 * Calcite's. Starts its own emulator in-process. No arguments.
 */
public final class PrepareCost {
  private PrepareCost() {}

  public static void main(String[] args) throws Exception {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().start();
        OneStreamClient client =
            OneStreamClient.open(
                ClientConfig.builder()
                    .serverUrl(emulator.baseUrl())
                    .application("GolfStream")
                    .tokenProvider(new PatTokenProvider(Secret.of(emulator.adminPat())))
                    .build());
        Connection c = OneStreamSchemas.connect(client, OneStreamAdapterOptions.defaults())) {
      for (String shape :
          new String[] {
            "SELECT Account, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'"
                + " AND \"Time\" = '2024M%d' AND CellValue > %d",
            "SELECT Account, SUM(CellValue) FROM cubes.GolfStream WHERE Entity = 'Houston'"
                + " AND \"Time\" = '2024M%d' AND CellValue > %d GROUP BY Account ORDER BY 2 DESC",
            "SELECT Account, UD1, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'"
                + " AND \"Time\" = '2024M%d' /* %d */",
          }) {
        for (int round = 0; round < 2; round++) {
          int n = 200;
          long[] ns = new long[n];
          for (int i = 0; i < n; i++) {
            String sql = String.format(shape, 1 + i % 12, round * 1000 + i);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ns[i] = System.nanoTime() - t0;
            }
          }
          Arrays.sort(ns);
          if (round == 1) {
            System.out.printf(
                "prepare p50 %.2f ms p90 %.2f ms: %s%n",
                ns[n / 2] / 1e6, ns[n * 9 / 10] / 1e6, shape.substring(0, 60));
          }
        }
      }
    }
  }
}
