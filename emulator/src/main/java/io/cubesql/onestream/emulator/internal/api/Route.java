package io.cubesql.onestream.emulator.internal.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every API route of onestream-api.md §3–§6, with the api-versions it accepts, the session it
 * needs, and whether it needs the Administrator role.
 */
public enum Route {
  LOGON("Authentication", "Logon", Versions.V7, Level.TOKEN, false),
  LOGON_AND_RETURN_COOKIE(
      "Authentication", "LogonAndReturnCookie", Versions.BOTH, Level.TOKEN, false),
  OPEN_APPLICATION("Application", "OpenApplication", Versions.V7, Level.LOGON, false),

  ADAPTER("DataProvider", "GetAdoDataSetForAdapter", Versions.BOTH, Level.APPLICATION, false),
  CUBE_VIEW(
      "DataProvider", "GetAdoDataSetForCubeViewCommand", Versions.BOTH, Level.APPLICATION, false),
  SQL("DataProvider", "GetAdoDataSetForSqlCommand", Versions.BOTH, Level.APPLICATION, true),
  METHOD("DataProvider", "GetAdoDataSetForMethodCommand", Versions.BOTH, Level.APPLICATION, true),

  EXECUTE_SEQUENCE("DataManagement", "ExecuteSequence", Versions.BOTH, Level.APPLICATION, false),
  EXECUTE_STEP("DataManagement", "ExecuteStep", Versions.BOTH, Level.APPLICATION, false),

  CUBE_LIST("Analytics", "GetCubeList", Versions.V7, Level.APPLICATION, false),
  DATA_CELLS("Analytics", "GetDataCellsFromCube", Versions.V7, Level.APPLICATION, false),
  DIMENSION_HIERARCHY("Analytics", "GetDimensionHierarchy", Versions.V7, Level.APPLICATION, false),
  MEMBER_PROPERTIES(
      "Analytics", "GetMemberPropertiesForDimension", Versions.V7, Level.APPLICATION, false),
  DATA_ADAPTER("Analytics", "GetDataAdapter", Versions.V7, Level.APPLICATION, false),
  DATA_REQUEST("Analytics", "GetDataRequest", Versions.V7, Level.APPLICATION, false);

  /** What a call must carry beyond a valid bearer token. */
  public enum Level {
    /** The bearer token alone. */
    TOKEN,
    /** 7.2.0: a Logon SI (an Application SI is accepted too). */
    LOGON,
    /** 7.2.0: an Application SI; 5.2.0: {@code BaseWebServerUrl} and {@code ApplicationName}. */
    APPLICATION
  }

  private static final class Versions {
    static final Set<ApiVersion> V7 = EnumSet.of(ApiVersion.V7_2_0);
    static final Set<ApiVersion> BOTH = EnumSet.allOf(ApiVersion.class);
  }

  private static final Map<String, Route> BY_PATH =
      Stream.of(values())
          .collect(Collectors.toMap(r -> r.path().toLowerCase(Locale.ROOT), Function.identity()));

  private final String service;
  private final String action;
  private final Set<ApiVersion> versions;
  private final Level level;
  private final boolean administratorOnly;

  Route(String service, String action, Set<ApiVersion> versions, Level level, boolean admin) {
    this.service = service;
    this.action = action;
    this.versions = versions;
    this.level = level;
    this.administratorOnly = admin;
  }

  /** Finds the route for {@code Service/Action}, ignoring case as IIS does; null if none. */
  public static Route forPath(String serviceSlashAction) {
    return BY_PATH.get(serviceSlashAction.toLowerCase(Locale.ROOT));
  }

  public String service() {
    return service;
  }

  public String action() {
    return action;
  }

  /** {@code Service/Action} as the documentation spells it. */
  public String path() {
    return service + "/" + action;
  }

  public Set<ApiVersion> versions() {
    return versions;
  }

  public Level level() {
    return level;
  }

  public boolean administratorOnly() {
    return administratorOnly;
  }
}
