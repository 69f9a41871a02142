package io.cubesql.onestream.emulator.internal.identity;

import java.time.Instant;

/**
 * A SessionInfo held by the emulator: the user it belongs to, the application it opened (null for a
 * Logon SI) and when it was last used. The XfBytes value is the map key and never stored here, so a
 * Session can be printed safely.
 */
public final class Session {
  private final User user;
  private final String application;
  private Instant lastUsed;
  private boolean expired;

  Session(User user, String application, Instant created) {
    this.user = user;
    this.application = application;
    this.lastUsed = created;
  }

  public User user() {
    return user;
  }

  /** The canonical application name, or null for a Logon SI. */
  public String application() {
    return application;
  }

  synchronized Instant lastUsed() {
    return lastUsed;
  }

  synchronized boolean expired() {
    return expired;
  }

  synchronized void touch(Instant now) {
    lastUsed = now;
  }

  synchronized void expire() {
    expired = true;
  }

  @Override
  public String toString() {
    return "Session{user=" + user.name() + ", application=" + application + "}";
  }
}
