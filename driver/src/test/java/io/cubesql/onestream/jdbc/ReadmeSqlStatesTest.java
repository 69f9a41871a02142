package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every SQLState the driver throws is a row of the README's SQLStates table, and no other is. */
class ReadmeSqlStatesTest {
  /**
   * Built where the driver makes warnings ({@code SQLWarning}), not by {@link OneStreamSqlState}.
   */
  private static final Set<String> WARNINGS = Set.of("01000");

  @Test
  void theReadmeTableListsEveryStateOfTheEnum() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("| SQLState | When |");
    String table = readme.substring(start, readme.indexOf("\n\n", start));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `([0-9A-Z]{5})` \\|", Pattern.MULTILINE).matcher(table);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> thrown = new TreeSet<>(WARNINGS);
    Arrays.stream(OneStreamSqlState.values()).map(OneStreamSqlState::state).forEach(thrown::add);

    assertThat(documented).isEqualTo(thrown);
  }
}
