package io.cubesql.onestream.emulator.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PatsTest {
  @Test
  void generatedPatsAreWellFormedAndDistinct() {
    SecureRandom r = new SecureRandom();
    String a = Pats.generate(r);
    String b = Pats.generate(r);
    assertThat(a).hasSize(66).matches("[A-Za-z0-9]{32}-[A-Za-z0-9]{33}");
    assertThat(Pats.isWellFormed(a)).isTrue();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void shapeRules() {
    String ok = "a".repeat(32) + "-" + "b".repeat(33);
    assertThat(Pats.isWellFormed(ok)).isTrue();
    // too short, two dashes, no dash, a dash at the end, a non-alphanumeric character, null
    assertThat(Pats.isWellFormed(ok.substring(1))).isFalse();
    assertThat(Pats.isWellFormed("a".repeat(31) + "--" + "b".repeat(33))).isFalse();
    assertThat(Pats.isWellFormed("a".repeat(66))).isFalse();
    assertThat(Pats.isWellFormed("a".repeat(65) + "-")).isFalse();
    assertThat(Pats.isWellFormed("a".repeat(32) + "-" + "b".repeat(32) + "_")).isFalse();
    assertThat(Pats.isWellFormed(null)).isFalse();
  }

  @Test
  void refusalDoesNotQuoteTheValue() {
    assertThatThrownBy(() -> Pats.requireWellFormed("my-secret-token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("my-secret-token");
  }
}
