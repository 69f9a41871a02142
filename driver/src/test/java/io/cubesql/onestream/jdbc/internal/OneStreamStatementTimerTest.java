package io.cubesql.onestream.jdbc.internal;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.jdbc.GolfStreamEmulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query timer's races, played in order on one thread rather than waited for: the timer's task
 * is called directly, as the timer thread would call it.
 */
@ExtendWith(GolfStreamEmulator.class)
class OneStreamStatementTimerTest {
  @Test
  void aTimerThatGoesOffAsItsExecutionEndsStopsNothing(OneStreamEmulator emulator)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
        OneStreamStatement<?> st = (OneStreamStatement<?>) c.createStatement()) {
      st.setQueryTimeout(600);
      try (ResultSet rs = st.executeQuery("SELECT * FROM (VALUES (1)) AS t(x)")) {
        long armed = st.execution();
        while (rs.next()) {
          rs.getInt(1);
        }
        // The timer's task had already started when the last row was read, so cancelling its
        // future did not stop it: it takes the statement's lock only now.
        st.timeUp(armed);
        assertThat(st.stopped()).isFalse();
        // A later mistake on the finished execution keeps its own state, not HYT00.
        SQLException e = catchThrowableOfType(SQLException.class, () -> rs.getString(5));
        assertThat(e.getSQLState()).isNotEqualTo("HYT00");
      }
    }
  }

  @Test
  void aTimerOfAnEarlierExecutionStopsNothing(OneStreamEmulator emulator) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
        OneStreamStatement<?> st = (OneStreamStatement<?>) c.createStatement()) {
      st.setQueryTimeout(600);
      st.executeQuery("SELECT * FROM (VALUES (1)) AS t(x)");
      long first = st.execution();
      try (ResultSet rs = st.executeQuery("SELECT * FROM (VALUES (1), (2)) AS t(x)")) {
        st.timeUp(first);
        assertThat(st.stopped()).isFalse();
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
      }
    }
  }
}
