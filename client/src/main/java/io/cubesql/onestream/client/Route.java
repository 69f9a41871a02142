package io.cubesql.onestream.client;

/**
 * The API routes of onestream-api.md §3–§6. A route that only reads may be retried; an action (data
 * management) is never retried blindly, so a consolidation cannot run twice.
 */
public enum Route {
  LOGON("Authentication", "Logon", true),
  LOGON_AND_RETURN_COOKIE("Authentication", "LogonAndReturnCookie", true),
  OPEN_APPLICATION("Application", "OpenApplication", true),
  ADAPTER("DataProvider", "GetAdoDataSetForAdapter", true),
  CUBE_VIEW("DataProvider", "GetAdoDataSetForCubeViewCommand", true),
  SQL("DataProvider", "GetAdoDataSetForSqlCommand", true),
  METHOD("DataProvider", "GetAdoDataSetForMethodCommand", true),
  EXECUTE_SEQUENCE("DataManagement", "ExecuteSequence", false),
  EXECUTE_STEP("DataManagement", "ExecuteStep", false),
  CUBE_LIST("Analytics", "GetCubeList", true),
  DATA_CELLS("Analytics", "GetDataCellsFromCube", true),
  DIMENSION_HIERARCHY("Analytics", "GetDimensionHierarchy", true),
  MEMBER_PROPERTIES("Analytics", "GetMemberPropertiesForDimension", true),
  DATA_ADAPTER("Analytics", "GetDataAdapter", true),
  DATA_REQUEST("Analytics", "GetDataRequest", true);

  private final String service;
  private final String action;
  private final boolean read;

  Route(String service, String action, boolean read) {
    this.service = service;
    this.action = action;
    this.read = read;
  }

  /** {@code Service/Action}, as the path under {@code api/} spells it. */
  public String path() {
    return service + "/" + action;
  }

  /** Whether the call only reads, so that repeating it cannot change anything. */
  public boolean isRead() {
    return read;
  }

  /** Whether the call needs an open application (all but Authentication and OpenApplication). */
  public boolean needsApplication() {
    return this != LOGON && this != LOGON_AND_RETURN_COOKIE && this != OPEN_APPLICATION;
  }

  @Override
  public String toString() {
    return path();
  }
}
