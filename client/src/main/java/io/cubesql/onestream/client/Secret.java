package io.cubesql.onestream.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A credential held in memory only: a PAT, a client secret, a refresh token. {@link #toString()}
 * never shows it. A secret can be given directly or as a reference: {@code env:NAME} reads an
 * environment variable, {@code file:/path} the first line of a file.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** A secret given directly. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("A secret must not be empty");
    }
    return new Secret(value);
  }

  /**
   * Resolves {@code env:NAME}, {@code file:/path}, or takes the text as the secret itself.
   *
   * @param name what the secret is, for error messages (never the value)
   */
  public static Secret resolve(String name, String reference) {
    return resolve(name, reference, System::getenv);
  }

  static Secret resolve(String name, String reference, Function<String, String> env) {
    Objects.requireNonNull(reference, name);
    if (reference.startsWith("env:")) {
      String var = reference.substring(4);
      String v = env.apply(var);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(
            "The " + name + " refers to environment variable " + var + ", which is not set");
      }
      return of(v.trim());
    }
    if (reference.startsWith("file:")) {
      Path path = Path.of(reference.substring(5));
      try {
        String v = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (v.isBlank()) {
          throw new IllegalArgumentException("The " + name + " file " + path + " is empty");
        }
        return of(v.trim());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the " + name + " file " + path, e);
      }
    }
    return of(reference);
  }

  /** The secret itself, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
