package io.cubesql.onestream.emulator.internal.api;

import java.util.List;

/**
 * The applications the emulator serves, and the one entry point through which the HTTP layer hands
 * them the DataProvider, DataManagement and Analytics routes. Identity routes (Authentication,
 * Application) stay in the HTTP layer.
 */
public interface ApplicationHost extends AutoCloseable {
  /** The names of every application, canonical spelling. */
  List<String> applicationNames();

  /** The canonical spelling of {@code name} (matched ignoring case), or null if none. */
  default String canonicalName(String name) {
    return applicationNames().stream()
        .filter(n -> n.equalsIgnoreCase(name))
        .findFirst()
        .orElse(null);
  }

  /**
   * Answers one call to an application route; throws {@link ApiException} for an error answer. The
   * application in {@code request.application()} exists and the caller may open it.
   */
  ApiResult handle(ApiRequest request);

  @Override
  void close();
}
