package io.cubesql.onestream.client.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cubesql.onestream.client.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The JVM-wide cache of tokens, so that connections with identical credentials share one token:
 * Spark opens one connection per partition, and a token request per partition would be waste
 * (PITFALLS.md, "share tokens").
 *
 * <p>Keyed by (token URL, client id, a salted hash of the secret or refresh token, scope, the TLS
 * trust the token endpoint is reached under); the secret itself is never a key. Entries are
 * reference counted: each provider holds one reference until it is closed, and closing the last
 * forgets the access token; a rotated refresh token is kept (see {@link #rotated}). Values are weak
 * as well, so that a provider dropped without {@code close()} does not keep its token alive.
 */
public final class TokenCache {
  private static final Cache<Key, SharedToken> CACHE = Caffeine.newBuilder().weakValues().build();

  /**
   * The latest rotated refresh token of each key, kept in memory after the last provider closes:
   * the initial refresh token of the key was used up by its first redemption, so the next provider
   * built with it must start from the latest one. Bounded, so that a JVM opening connections with
   * ever new refresh tokens does not grow without end.
   */
  private static final Cache<Key, Secret> ROTATED =
      Caffeine.newBuilder().maximumSize(10_000).build();

  /** A per-JVM salt: a heap dump shows no plain hash of a secret that could be matched. */
  private static final byte[] SALT = new SecureRandom().generateSeed(16);

  private TokenCache() {}

  /** What identifies a set of credentials. {@link #toString()} shows no credential. */
  public record Key(
      String tokenUrl, String clientId, String credentialHash, String scope, String trust) {
    @Override
    public String toString() {
      return "Key[" + tokenUrl + ", " + clientId + ", " + scope + ", " + trust + "]";
    }
  }

  /**
   * The key of {@code credential} (a client secret or a refresh token) for these settings; {@code
   * trust} is the {@link io.cubesql.onestream.client.TlsTrust#identity()} of the token endpoint's
   * connections, so that a token fetched under one trust is never used by a connection that
   * verifies under another.
   */
  public static Key key(
      String tokenUrl, String clientId, Secret credential, String scope, String trust) {
    return new Key(tokenUrl, clientId, hash(credential), scope == null ? "" : scope, trust);
  }

  private static String hash(Secret s) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(SALT);
      return HexFormat.of().formatHex(d.digest(s.reveal().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The shared token of {@code key}, created by {@code create} when there is none; one more ref.
   */
  public static SharedToken acquire(Key key, Supplier<SharedToken> create) {
    return CACHE
        .asMap()
        .compute(
            key,
            (k, v) -> {
              SharedToken t = v == null || v.isForgotten() ? create.get() : v;
              t.retain();
              return t;
            });
  }

  /** Gives back a reference; the last one removes the entry and forgets its token. */
  public static void release(Key key, SharedToken token) {
    boolean[] found = {false};
    CACHE
        .asMap()
        .computeIfPresent(
            key,
            (k, v) -> {
              if (v != token) {
                return v;
              }
              found[0] = true;
              return v.release() > 0 ? v : null;
            });
    if (!found[0]) {
      token.forget();
    }
  }

  /**
   * The latest rotated refresh token of {@code key}, or {@code initial} when none was rotated in
   * since the JVM started.
   */
  public static Secret refreshToken(Key key, Secret initial) {
    Secret latest = ROTATED.getIfPresent(key);
    return latest == null ? initial : latest;
  }

  /** Remembers {@code refreshToken} as the latest rotated refresh token of {@code key}. */
  public static void rotated(Key key, Secret refreshToken) {
    ROTATED.put(key, refreshToken);
  }

  /** How many credential sets hold a token now (for tests and diagnostics). */
  public static long size() {
    CACHE.cleanUp();
    return CACHE.asMap().size();
  }
}
