package io.cubesql.onestream.client;

/**
 * A Personal Access Token, sent as the bearer value itself (onestream-api.md §2 [DOC]). It cannot
 * be refreshed: a refused PAT is expired or revoked, and the error is final.
 */
public final class PatTokenProvider implements TokenProvider {
  private volatile AccessToken token;

  public PatTokenProvider(Secret pat) {
    this.token = new AccessToken(pat, null);
  }

  @Override
  public AccessToken token() throws OneStreamException {
    AccessToken t = token;
    if (t == null) {
      throw OneStreamException.of(ErrorKind.AUTHENTICATION, null, "The token provider is closed");
    }
    return t;
  }

  @Override
  public boolean refused(AccessToken refusedToken) {
    return false;
  }

  @Override
  public void close() {
    token = null;
  }

  @Override
  public String toString() {
    return "PatTokenProvider[****]";
  }
}
