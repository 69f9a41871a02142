package io.cubesql.onestream.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The README's table of emulator options names exactly the options the command line has. */
class ReadmeOptionsTest {
  @Test
  void readmeTableMatchesTheCommandLine() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("### Run it"), readme.indexOf("In-process"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| (`--.*?) \\|", Pattern.MULTILINE).matcher(section);
    while (m.find()) {
      Matcher option = Pattern.compile("--[a-z-]+").matcher(m.group(1));
      while (option.find()) {
        documented.add(option.group());
      }
    }
    Set<String> actual = new TreeSet<>();
    for (OptionSpec o : new CommandLine(new EmulatorMain()).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        actual.add(o.longestName());
      }
    }
    assertThat(documented).isEqualTo(actual);
  }
}
