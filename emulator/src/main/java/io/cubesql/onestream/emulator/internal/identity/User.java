package io.cubesql.onestream.emulator.internal.identity;

import java.util.List;
import java.util.Locale;

/**
 * An emulator user: a name, whether it holds the Administrator role (needed for SQL and Method
 * commands, onestream-api.md §4), and the applications it may open, in the order Logon lists them.
 */
public record User(String name, boolean administrator, List<String> authorizedApplications) {
  public User {
    authorizedApplications = List.copyOf(authorizedApplications);
  }

  /** Whether this user may open {@code application}; names compare ignoring case. */
  public boolean mayOpen(String application) {
    String a = application.toLowerCase(Locale.ROOT);
    return authorizedApplications.stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(a));
  }
}
