package io.cubesql.onestream.emulator.internal.app;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiRequest;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.dm.DataManagement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The applications {@code GolfStream} (2023–2025) and {@code GolfStreamDemo_2022} (2021–2022,
 * opened on first use). GolfStream's database is built in the background from the moment the host
 * is created, while the HTTP server starts; a call to an application waits until it is ready.
 */
public final class GolfStreamHost implements ApplicationHost {
  public static final String GOLFSTREAM = "GolfStream";
  public static final String GOLFSTREAM_DEMO_2022 = "GolfStreamDemo_2022";

  private final AppSettings settings;
  private final Map<String, CompletableFuture<Application>> applications =
      new ConcurrentHashMap<>();

  public GolfStreamHost(AppSettings settings) {
    this.settings = settings;
    applications.put(GOLFSTREAM, openInBackground(GOLFSTREAM));
  }

  /** Waits until GolfStream is built; fails if it cannot be. */
  public void awaitReady() {
    application(GOLFSTREAM);
  }

  @Override
  public List<String> applicationNames() {
    return List.of(GOLFSTREAM, GOLFSTREAM_DEMO_2022);
  }

  @Override
  public ApiResult handle(ApiRequest request) {
    return application(request.application()).handle(request);
  }

  /** The database of an application, for tests and oracles. */
  public AppDatabase database(String application) {
    return application(application).database();
  }

  /** The data management of an application, for tests that slow its steps. */
  public DataManagement dataManagement(String application) {
    return application(application).dataManagement();
  }

  private Application application(String name) {
    String canonical = canonicalName(name);
    if (canonical == null) {
      throw ApiException.badRequest("Application '" + name + "' does not exist.");
    }
    try {
      return applications.computeIfAbsent(canonical, this::openInBackground).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private CompletableFuture<Application> openInBackground(String name) {
    CompletableFuture<Application> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                future.complete(open(name));
              } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
              }
            },
            "open-" + name);
    t.setDaemon(true);
    t.start();
    return future;
  }

  private Application open(String name) {
    boolean demo2022 = name.equals(GOLFSTREAM_DEMO_2022);
    try {
      AppDatabase db =
          AppDatabase.open(
              name,
              settings.databaseDirectory(),
              demo2022 ? 1 : settings.scale(),
              demo2022 ? settings.seed() + 1 : settings.seed(),
              demo2022 ? 2021 : 2023,
              demo2022 ? 2022 : 2025);
      return new Application(db, settings);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open application " + name, e);
    }
  }

  @Override
  public void close() {
    for (CompletableFuture<Application> app : applications.values()) {
      try {
        app.join().close();
      } catch (CompletionException e) {
        // It never opened: nothing to close.
      }
    }
    applications.clear();
  }
}
