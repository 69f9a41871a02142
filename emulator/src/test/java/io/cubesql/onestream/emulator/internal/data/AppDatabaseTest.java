package io.cubesql.onestream.emulator.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class AppDatabaseTest {
  @Test
  void buildsGolfStream() throws Exception {
    long t0 = System.nanoTime();
    try (AppDatabase db = AppDatabase.open("GolfStream", null, 1, 42, 2023, 2025)) {
      Metadata md = db.metadata();
      Dimension entity = md.dimension(Dim.ENTITY);
      assertThat(entity.children(md.require(Dim.ENTITY, "US Clubs")))
          .extracting(m -> m.name())
          .containsExactly("Augusta", "Carlsbad", "Houston");
      assertThat(entity.parents(md.require(Dim.ENTITY, "Houston")))
          .extracting(m -> m.name())
          .containsExactly("US Clubs", "Texas");
      assertThat(entity.base(md.require(Dim.ENTITY, "Total GolfStream"))).hasSize(11);
      try (Connection c = db.connection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM DataCell")) {
        rs.next();
        assertThat(rs.getLong(1)).isGreaterThan(90_000);
      }
      try (Connection c = db.readOnlyConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT TOP 3 Name FROM Member WHERE DimId = 0")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }
}
