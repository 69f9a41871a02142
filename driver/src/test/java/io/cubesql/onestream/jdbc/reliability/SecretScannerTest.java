package io.cubesql.onestream.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leak checker of {@link FaultMatrixIT} finds what it must, in every form, and names no value.
 */
class SecretScannerTest {
  private static final String SI = "q3/ZbF+0xYw9Lk2mN8pR7tUv==";

  private final SecretScanner scanner =
      new SecretScanner().add("PAT", "RelPat0123456789-abcdefghijkl").add("XfBytes", SI);

  @Test
  void findsEachSecretAsItIsUrlEncodedAndJsonEscaped() {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("clean", "POST /api/Logon body {\"SI\":{\"XfBytes\":\"***\"}}");
    texts.put("plain", "Authorization: Bearer RelPat0123456789-abcdefghijkl");
    texts.put("url", "si=q3%2FZbF%2B0xYw9Lk2mN8pR7tUv%3D%3D");
    texts.put("json", "{\"XfBytes\":\"q3\\/ZbF+0xYw9Lk2mN8pR7tUv==\"}");
    assertThat(scanner.scan(texts))
        .containsExactly(
            new SecretScanner.Finding("plain", "PAT"),
            new SecretScanner.Finding("url", "XfBytes"),
            new SecretScanner.Finding("json", "XfBytes"));
    assertThat(scanner.counts()).containsEntry("PAT", 1).containsEntry("XfBytes", 1);
  }

  @Test
  void shortValuesAreNotSearchedFor() {
    SecretScanner s = new SecretScanner().add("PAT", "abc").add("PAT", null);
    assertThat(s.counts()).isEmpty();
    assertThat(s.scan(Map.of("t", "abc abc"))).isEmpty();
  }
}
