package io.cubesql.onestream.emulator.internal.app;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiRequest;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import java.util.List;

/** The applications GolfStream and GolfStreamDemo_2022 (work in progress). */
public final class GolfStreamHost implements ApplicationHost {
  public static final String GOLFSTREAM = "GolfStream";
  public static final String GOLFSTREAM_DEMO_2022 = "GolfStreamDemo_2022";

  private final AppSettings settings;

  public GolfStreamHost(AppSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<String> applicationNames() {
    return List.of(GOLFSTREAM, GOLFSTREAM_DEMO_2022);
  }

  @Override
  public String canonicalName(String name) {
    return applicationNames().stream()
        .filter(n -> n.equalsIgnoreCase(name))
        .findFirst()
        .orElse(null);
  }

  @Override
  public ApiResult handle(ApiRequest request) {
    throw ApiException.serverError("Not built yet: " + request.route().path(), null);
  }

  @Override
  public void close() {}

  AppSettings settings() {
    return settings;
  }
}
