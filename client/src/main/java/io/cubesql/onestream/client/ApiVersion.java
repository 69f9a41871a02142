package io.cubesql.onestream.client;

/** The two public api-version values (onestream-api.md §1 [DOC]). */
public enum ApiVersion {
  /** Synchronous; each body names {@code BaseWebServerUrl} and {@code ApplicationName}. */
  V5_2_0("5.2.0"),
  /** Logon, OpenApplication, and the SessionInfo {@code SI} in each body. */
  V7_2_0("7.2.0");

  private final String text;

  ApiVersion(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The version spelled {@code text}; fails naming the value when it is not a public one. */
  public static ApiVersion parse(String text) {
    for (ApiVersion v : values()) {
      if (v.text.equals(text)) {
        return v;
      }
    }
    throw new IllegalArgumentException("api-version must be 5.2.0 or 7.2.0, not " + text);
  }
}
