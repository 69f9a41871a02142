package io.cubesql.onestream.client;

/** Where an Administrator SQL command runs: the {@code DbLocation} field (onestream-api.md §4). */
public enum DbLocation {
  APPLICATION("Application"),
  FRAMEWORK("Framework"),
  /** A named external connection, given as {@code XFExternalDBConnectionName}. */
  EXTERNAL("External");

  private final String wire;

  DbLocation(String wire) {
    this.wire = wire;
  }

  /** The value as the API spells it. */
  public String wire() {
    return wire;
  }
}
