package io.cubesql.onestream.emulator.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database kept as a file is reused when seed and scale match, and rebuilt when they differ. */
class AppDatabaseFileTest {
  private static long count(AppDatabase db, String sql) throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void reusesAMatchingFileAndRebuildsOtherwise(@TempDir Path dir) throws Exception {
    long cells;
    try (AppDatabase db = AppDatabase.open("GolfStream", dir, 1, 42, 2024, 2024)) {
      cells = count(db, "SELECT COUNT(*) FROM DataCell");
      // A mark that only survives if the file is reused.
      try (Connection c = db.connection();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO AppInfo VALUES ('Mark', 'kept')");
      }
    }
    try (AppDatabase db = AppDatabase.open("GolfStream", dir, 1, 42, 2024, 2024)) {
      assertThat(count(db, "SELECT COUNT(*) FROM AppInfo WHERE InfoKey = 'Mark'")).isEqualTo(1);
      assertThat(count(db, "SELECT COUNT(*) FROM DataCell")).isEqualTo(cells);
    }
    try (AppDatabase db = AppDatabase.open("GolfStream", dir, 1, 7, 2024, 2024)) {
      assertThat(count(db, "SELECT COUNT(*) FROM AppInfo WHERE InfoKey = 'Mark'")).isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM DataCell")).isEqualTo(cells);
    }
  }
}
