package io.cubesql.onestream.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and when it expires (null when the provider does not know, as for a PAT). {@link
 * #toString()} never shows the token.
 */
public final class AccessToken {
  private final Secret value;
  private final Instant expiresAt;

  public AccessToken(Secret value, Instant expiresAt) {
    this.value = Objects.requireNonNull(value);
    this.expiresAt = expiresAt;
  }

  public Secret value() {
    return value;
  }

  /** When the token expires, or null. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "AccessToken[****" + (expiresAt == null ? "" : ", expires " + expiresAt) + "]";
  }
}
