package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The property enum is well formed, and the README's property tables list exactly it. */
class OneStreamPropertyTest {
  @Test
  void keysAreLowerCamelCaseAndUniqueIgnoringCase() {
    Set<String> seen = new HashSet<>();
    for (OneStreamProperty p : OneStreamProperty.values()) {
      assertThat(p.key()).matches("[a-z][a-zA-Z]*");
      assertThat(seen.add(p.key().toLowerCase(Locale.ROOT))).as(p.key()).isTrue();
      assertThat(p.description()).endsWith(".");
      if (p.defaultValue() != null && !p.choices().isEmpty()) {
        assertThat(p.choices()).contains(p.defaultValue());
      }
    }
  }

  @Test
  void readmeTablesMatchTheEnum() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section =
        readme.substring(
            readme.indexOf("## The JDBC driver"), readme.indexOf("| SQLState | When |"));
    List<String> documented = new ArrayList<>();
    Matcher m =
        Pattern.compile("^\\| `([a-zA-Z]+)` \\| ([^|]*) \\|", Pattern.MULTILINE).matcher(section);
    while (m.find()) {
      String def = m.group(2).trim();
      documented.add(m.group(1) + "=" + (def.isEmpty() ? "" : def.replace("`", "")));
    }
    List<String> actual = new ArrayList<>();
    for (OneStreamProperty.Section s : OneStreamProperty.Section.values()) {
      for (OneStreamProperty p : OneStreamProperty.values()) {
        if (p.section() == s) {
          actual.add(p.key() + "=" + (p.defaultValue() == null ? "" : p.defaultValue()));
        }
      }
    }
    assertThat(documented).containsExactlyElementsOf(actual);
  }
}
