package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A Calcite connection over the emulator's GolfStream, and helpers to read rows and requests. */
final class Sql implements AutoCloseable {
  final OneStreamEmulator emulator;
  final OneStreamClient client;
  final Connection connection;

  Sql(OneStreamEmulator emulator) throws SQLException {
    this(emulator, OneStreamAdapterOptions.defaults());
  }

  Sql(OneStreamEmulator emulator, OneStreamAdapterOptions options) throws SQLException {
    this(emulator, options, b -> b);
  }

  /** As {@link #Sql(OneStreamEmulator, OneStreamAdapterOptions)}, {@code config} adding to it. */
  Sql(
      OneStreamEmulator emulator,
      OneStreamAdapterOptions options,
      UnaryOperator<ClientConfig.Builder> config)
      throws SQLException {
    this.emulator = emulator;
    this.client =
        OneStreamClient.open(
            config
                .apply(
                    ClientConfig.builder()
                        .serverUrl(emulator.baseUrl())
                        .application("GolfStream")
                        .tokenProvider(new PatTokenProvider(Secret.of(emulator.adminPat()))))
                .build());
    this.connection = OneStreamSchemas.connect(client, options);
  }

  /** The rows of {@code sql}, each as a list of its values. */
  List<List<Object>> rows(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<List<Object>> out = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.add(rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }

  /** The emulator's requests to {@code route} (such as {@code Analytics/GetDataCellsFromCube}). */
  List<RequestLogEntry> requests(String route) {
    return emulator.requestLog().entries(route);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
    client.close();
  }
}
