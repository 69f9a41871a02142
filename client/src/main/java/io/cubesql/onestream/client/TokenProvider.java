package io.cubesql.onestream.client;

/**
 * Supplies bearer tokens: a static Personal Access Token, or tokens fetched and refreshed from an
 * identity provider. Implementations are safe for concurrent use.
 */
public interface TokenProvider extends AutoCloseable {
  /** A token to use now, fetched or refreshed first when needed. */
  AccessToken token() throws OneStreamException;

  /**
   * Reports that the server refused {@code token} (401). Returns whether a different token can be
   * had: true when the provider refreshes (the next {@link #token()} will not return the refused
   * one), false when it cannot (a PAT: the error is final).
   */
  boolean refused(AccessToken token);

  /** Forgets every token and secret held. */
  @Override
  default void close() {}
}
