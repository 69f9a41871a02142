package io.cubesql.onestream.emulator.internal.data;

import io.cubesql.onestream.emulator.internal.model.AccountType;
import io.cubesql.onestream.emulator.internal.model.Dim;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the GolfStream-like demo application into an empty application database: members and
 * hierarchies of the 18 dimensions, FX rates, base-level data cells, cube views, data adapters and
 * data management. Deterministic for a given seed and scale.
 *
 * <p>The entity rollup, the geographic rollup, the scenarios and UD2 {@code AllProducts} follow
 * OneStream's public GolfStream description (onestream-api.md §8 [DOC]); accounts, products and
 * every number are invented. {@code scale} multiplies base entities, base products and base
 * accounts (a copy of {@code Houston} is {@code Houston 2}, and so on), so cells grow with its
 * cube. Only base entities get data: parents come from consolidation.
 */
public final class GolfStreamBuilder {
  /** Currencies of the application; USD is the reporting currency. */
  public static final List<String> CURRENCIES = List.of("USD", "CAD", "EUR");

  private final Connection db;
  private final int scale;
  private final long seed;
  private final int firstYear;
  private final int lastYear;

  private int nextId = 1;
  private final Map<Dim, Map<String, Integer>> ids = new EnumMap<>(Dim.class);
  private final Map<Dim, Integer> sortOrder = new EnumMap<>(Dim.class);
  private final List<Object[]> members = new ArrayList<>();
  private final List<Object[]> relationships = new ArrayList<>();
  private final Map<Integer, Integer> relationshipOrder = new LinkedHashMap<>();
  private final Map<String, String> entityCurrency = new LinkedHashMap<>();
  private final List<String> baseEntities = new ArrayList<>();
  private final List<String> productAccounts = new ArrayList<>();
  private final List<String> otherAccounts = new ArrayList<>();
  private final List<String> products = new ArrayList<>();
  private final Map<String, AccountType> accountTypes = new LinkedHashMap<>();

  public GolfStreamBuilder(Connection db, int scale, long seed, int firstYear, int lastYear) {
    this.db = db;
    this.scale = scale;
    this.seed = seed;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    for (Dim d : Dim.values()) {
      ids.put(d, new LinkedHashMap<>());
      sortOrder.put(d, 0);
    }
  }

  /** Creates and fills every table. */
  public void build() throws SQLException {
    dimensions();
    writeMembers();
    writeFxRates();
    writeCells();
    writeCubeViews();
    writeAdapters();
    writeDataManagement();
  }

  // ---------------------------------------------------------------- members and hierarchies

  private void dimensions() {
    entities();
    member(Dim.PARENT, "None", "No parent");
    for (String c : List.of("Local", "Translated", "Top")) {
      member(Dim.CONSOLIDATION, c, consolidationDescription(c));
    }
    for (String c : CURRENCIES) {
      member(Dim.CONSOLIDATION, c, c + " currency");
    }
    member(Dim.SCENARIO, "Actual", "Actual results");
    member(Dim.SCENARIO, "Budget", "Annual budget");
    member(Dim.SCENARIO, "Forecast", "Rolling forecast");
    time();
    member(Dim.VIEW, "Periodic", "Periodic");
    member(Dim.VIEW, "YTD", "Year to date");
    accounts();
    for (Dim d : List.of(Dim.FLOW, Dim.IC)) {
      topAndNone(d);
    }
    origins();
    productsUd1();
    channelsUd2();
    for (Dim d : List.of(Dim.UD3, Dim.UD4, Dim.UD5, Dim.UD6, Dim.UD7, Dim.UD8)) {
      topAndNone(d);
    }
  }

  private static String consolidationDescription(String c) {
    switch (c) {
      case "Local":
        return "Entity's local currency";
      case "Translated":
        return "Translated to the parent's currency";
      default:
        return "Consolidated total";
    }
  }

  private void entities() {
    entity("Total GolfStream", "GolfStream Corporation", "USD", null);
    entity("Clubs", "Golf Clubs Division", "USD", "Total GolfStream");
    entity("NA Clubs", "North America Clubs", "USD", "Clubs");
    entity("Canada Clubs", "Canada Clubs", "CAD", "NA Clubs");
    // One non-ASCII description, so clients and adapters show they keep text intact.
    baseEntity("Montreal", "Montréal Clubs", "CAD", "Canada Clubs", "Quebec");
    baseEntity("Quebec City", "Quebec City Clubs", "CAD", "Canada Clubs", "Quebec");
    entity("US Clubs", "United States Clubs", "USD", "NA Clubs");
    baseEntity("Augusta", "Augusta Clubs", "USD", "US Clubs", "Georgia");
    baseEntity("Carlsbad", "Carlsbad Clubs", "USD", "US Clubs", "California");
    baseEntity("Houston", "Houston Clubs", "USD", "US Clubs", "Texas");
    baseEntity("Frankfurt", "Frankfurt Clubs", "EUR", "Clubs", "Europe");
    entity("Golf Balls", "Golf Balls Division", "USD", "Total GolfStream");
    baseEntity("Europe Golf Balls", "Europe Golf Balls", "EUR", "Golf Balls", "Europe");
    baseEntity("NA Golf Balls", "North America Golf Balls", "USD", "Golf Balls", null);
    baseEntity("Accessories & Apparel", "Accessories and Apparel", "USD", "Total GolfStream", null);
    baseEntity("Course Management", "Course Management", "USD", "Total GolfStream", null);
    baseEntity("Corporate", "Corporate Headquarters", "USD", "Total GolfStream", null);
    // The geographic rollup shares the base entities (an alternate hierarchy).
    entity("Geography", "Geographic rollup", "USD", null);
    for (String[] g :
        new String[][] {
          {"Texas", "USD"},
          {"California", "USD"},
          {"Georgia", "USD"},
          {"Quebec", "CAD"},
          {"Europe", "EUR"}
        }) {
      entity(g[0], g[0] + " region", g[1], "Geography");
    }
    for (String[] pending : pendingGeo) {
      relate(Dim.ENTITY, pending[1], pending[0], 1.0);
    }
    for (String parent : List.of("Total GolfStream", "Clubs", "NA Clubs", "US Clubs")) {
      member(Dim.PARENT, parent, parent);
    }
  }

  private final List<String[]> pendingGeo = new ArrayList<>();

  private void entity(String name, String description, String currency, String parent) {
    member(Dim.ENTITY, name, description, currency, null);
    entityCurrency.put(name, currency);
    if (parent != null) {
      relate(Dim.ENTITY, parent, name, 1.0);
    }
  }

  private void baseEntity(String name, String desc, String currency, String parent, String geo) {
    for (int i = 1; i <= scale; i++) {
      String n = copyName(name, i);
      entity(n, i == 1 ? desc : desc + " " + i, currency, parent);
      baseEntities.add(n);
      if (geo != null) {
        pendingGeo.add(new String[] {n, geo});
      }
    }
  }

  private static String copyName(String name, int i) {
    return i == 1 ? name : name + " " + i;
  }

  private void time() {
    for (int y = firstYear; y <= lastYear; y++) {
      int m0 = y * 12;
      timeMember(String.valueOf(y), "Year " + y, m0, m0 + 11, null);
      for (int h = 1; h <= 2; h++) {
        timeMember(y + "H" + h, "Half " + h + " " + y, m0 + (h - 1) * 6, m0 + h * 6 - 1, "" + y);
        for (int q = (h - 1) * 2 + 1; q <= h * 2; q++) {
          timeMember(
              y + "Q" + q, "Quarter " + q + " " + y, m0 + (q - 1) * 3, m0 + q * 3 - 1, y + "H" + h);
          for (int m = (q - 1) * 3 + 1; m <= q * 3; m++) {
            timeMember(y + "M" + m, monthName(m) + " " + y, m0 + m - 1, m0 + m - 1, y + "Q" + q);
          }
        }
      }
    }
  }

  private static String monthName(int m) {
    return List.of(
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
        .get(m - 1);
  }

  private void timeMember(String name, String desc, int first, int last, String parent) {
    int id = member(Dim.TIME, name, desc, null, null);
    members.get(members.size() - 1)[8] = first;
    members.get(members.size() - 1)[9] = last;
    if (parent != null) {
      relate(Dim.TIME, parent, name, 1.0);
    }
    assert id > 0;
  }

  private void accounts() {
    account("Net Income", "Net income", AccountType.GROUP, null, 1);
    account("Gross Margin", "Gross margin", AccountType.GROUP, "Net Income", 1);
    account("Sales", "Total sales", AccountType.REVENUE, "Gross Margin", 1);
    baseAccount("Product Sales", "Sales of products", AccountType.REVENUE, "Sales", 1, true);
    baseAccount(
        "Service Revenue", "Fitting and service revenue", AccountType.REVENUE, "Sales", 1, false);
    account("COGS", "Cost of goods sold", AccountType.EXPENSE, "Gross Margin", -1);
    baseAccount("Material Costs", "Materials", AccountType.EXPENSE, "COGS", 1, true);
    baseAccount("Labor Costs", "Direct labor", AccountType.EXPENSE, "COGS", 1, true);
    account("Operating Expenses", "Operating expenses", AccountType.EXPENSE, "Net Income", -1);
    for (String[] a :
        new String[][] {
          {"Salaries", "Salaries and wages"}, {"Rent", "Rent and occupancy"},
          {"Marketing", "Marketing and advertising"}, {"Travel", "Travel and entertainment"},
          {"Depreciation", "Depreciation"}
        }) {
      baseAccount(a[0], a[1], AccountType.EXPENSE, "Operating Expenses", 1, false);
    }
    account("Total Assets", "Total assets", AccountType.ASSET, null, 1);
    baseAccount("Cash", "Cash and equivalents", AccountType.ASSET, "Total Assets", 1, false);
    baseAccount(
        "Accounts Receivable", "Trade receivables", AccountType.ASSET, "Total Assets", 1, false);
    baseAccount("Inventory", "Inventory", AccountType.ASSET, "Total Assets", 1, false);
    account("Total Liabilities", "Total liabilities", AccountType.LIABILITY, null, 1);
    baseAccount(
        "Accounts Payable", "Trade payables", AccountType.LIABILITY, "Total Liabilities", 1, false);
    baseAccount(
        "Accrued Liabilities",
        "Accrued liabilities",
        AccountType.LIABILITY,
        "Total Liabilities",
        1,
        false);
  }

  private void account(String name, String desc, AccountType type, String parent, double w) {
    member(Dim.ACCOUNT, name, desc, null, type);
    accountTypes.put(name, type);
    if (parent != null) {
      relate(Dim.ACCOUNT, parent, name, w);
    }
  }

  private void baseAccount(
      String name, String desc, AccountType type, String parent, double w, boolean byProduct) {
    for (int i = 1; i <= scale; i++) {
      String n = copyName(name, i);
      account(n, i == 1 ? desc : desc + " " + i, type, parent, w);
      (byProduct ? productAccounts : otherAccounts).add(n);
    }
  }

  private void topAndNone(Dim d) {
    member(d, "Top", "Top");
    member(d, "None", "None");
    relate(d, "Top", "None", 1.0);
  }

  private void origins() {
    String[][] tree = {
      {"Top", null, "Top"},
      {"BeforeElim", "Top", "Before eliminations"},
      {"BeforeAdj", "BeforeElim", "Before adjustments"},
      {"Import", "BeforeAdj", "Imported data"},
      {"Forms", "BeforeAdj", "Form input"},
      {"Adjustments", "BeforeElim", "Adjustments"},
      {"AdjInput", "Adjustments", "Journal input"},
      {"AdjConsolidated", "Adjustments", "Consolidated journals"},
      {"Elimination", "Top", "Eliminations"}
    };
    for (String[] o : tree) {
      member(Dim.ORIGIN, o[0], o[2]);
      if (o[1] != null) {
        relate(Dim.ORIGIN, o[1], o[0], 1.0);
      }
    }
  }

  private void productsUd1() {
    member(Dim.UD1, "Top", "Top");
    member(Dim.UD1, "Total Products", "All products");
    relate(Dim.UD1, "Top", "Total Products", 1.0);
    String[][] lines = {
      {"Golf Clubs", "Drivers", "Irons", "Putters", "Wedges"},
      {"Balls", "Tour Balls", "Distance Balls"},
      {"Apparel", "Shirts", "Hats"}
    };
    for (String[] line : lines) {
      member(Dim.UD1, line[0], line[0] + " product line");
      relate(Dim.UD1, "Total Products", line[0], 1.0);
      for (int j = 1; j < line.length; j++) {
        for (int i = 1; i <= scale; i++) {
          String n = copyName(line[j], i);
          member(Dim.UD1, n, line[j] + (i == 1 ? "" : " model " + i));
          relate(Dim.UD1, line[0], n, 1.0);
          products.add(n);
        }
      }
    }
    member(Dim.UD1, "None", "None");
    relate(Dim.UD1, "Top", "None", 1.0);
  }

  private static final List<String> CHANNELS = List.of("Retail", "Online", "Wholesale");

  private void channelsUd2() {
    member(Dim.UD2, "Top", "Top");
    member(Dim.UD2, "AllProducts", "All products, by sales channel");
    relate(Dim.UD2, "Top", "AllProducts", 1.0);
    for (String c : CHANNELS) {
      member(Dim.UD2, c, c + " channel");
      relate(Dim.UD2, "AllProducts", c, 1.0);
    }
    member(Dim.UD2, "None", "None");
    relate(Dim.UD2, "Top", "None", 1.0);
  }

  private int member(Dim d, String name, String desc) {
    return member(d, name, desc, null, null);
  }

  private int member(Dim d, String name, String desc, String currency, AccountType type) {
    int id = nextId++;
    int order = sortOrder.merge(d, 1, Integer::sum);
    ids.get(d).put(name, id);
    members.add(
        new Object[] {
          id,
          d.ordinal(),
          d.ordinal(),
          name,
          desc,
          order,
          currency,
          type == null ? null : type.name(),
          -1,
          -1
        });
    return id;
  }

  private void relate(Dim d, String parent, String child, double weight) {
    int p = id(d, parent);
    int c = id(d, child);
    int order = relationshipOrder.merge(p, 1, Integer::sum);
    relationships.add(new Object[] {d.ordinal(), p, c, weight, order});
  }

  private int id(Dim d, String name) {
    Integer id = ids.get(d).get(name);
    if (id == null) {
      throw new IllegalStateException("No member " + d.token() + name);
    }
    return id;
  }

  private void writeMembers() throws SQLException {
    try (PreparedStatement dim = db.prepareStatement("INSERT INTO Dim VALUES (?, ?, ?)")) {
      for (Dim d : Dim.values()) {
        dim.setInt(1, d.ordinal());
        dim.setString(2, d.displayName());
        dim.setInt(3, d.ordinal());
        dim.addBatch();
      }
      dim.executeBatch();
    }
    batch("INSERT INTO Member VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", members);
    batch("INSERT INTO Relationship VALUES (?, ?, ?, ?, ?)", relationships);
    batch(
        "INSERT INTO CubeInfo VALUES (?, ?)",
        List.<Object[]>of(new Object[] {"GolfStream", "GolfStream consolidation cube"}));
  }

  private void batch(String sql, List<Object[]> rows) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  // ---------------------------------------------------------------- numbers

  private void writeFxRates() throws SQLException {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDF0L);
    List<Object[]> rows = new ArrayList<>();
    double cad = 0.74;
    double eur = 1.08;
    for (int y = firstYear; y <= lastYear; y++) {
      for (int m = 1; m <= 12; m++) {
        int t = id(Dim.TIME, y + "M" + m);
        double cadClose = round4(cad * (1 + (r.nextDouble() - 0.5) * 0.02));
        double eurClose = round4(eur * (1 + (r.nextDouble() - 0.5) * 0.02));
        rows.add(new Object[] {"AverageRate", t, "USD", 1.0});
        rows.add(new Object[] {"ClosingRate", t, "USD", 1.0});
        rows.add(new Object[] {"AverageRate", t, "CAD", round4((cad + cadClose) / 2)});
        rows.add(new Object[] {"ClosingRate", t, "CAD", cadClose});
        rows.add(new Object[] {"AverageRate", t, "EUR", round4((eur + eurClose) / 2)});
        rows.add(new Object[] {"ClosingRate", t, "EUR", eurClose});
        cad = cadClose;
        eur = eurClose;
      }
    }
    batch("INSERT INTO FxRate VALUES (?, ?, ?, ?)", rows);
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /**
   * Writes the base cells. Rows come from a Java generator read by H2 as a table function ({@link
   * CellSource}), which inserts several times faster than JDBC batches.
   */
  private void writeCells() throws SQLException {
    SplittableRandom r = new SplittableRandom(seed);
    int[] entityIds = baseEntities.stream().mapToInt(e -> id(Dim.ENTITY, e)).toArray();
    double[] entitySize = new double[entityIds.length];
    for (int i = 0; i < entitySize.length; i++) {
      entitySize[i] = 0.5 + 1.5 * r.nextDouble();
    }
    int[] productIds = products.stream().mapToInt(p -> id(Dim.UD1, p)).toArray();
    double[] productWeight = new double[productIds.length];
    for (int i = 0; i < productWeight.length; i++) {
      productWeight[i] = 0.5 + r.nextDouble();
    }
    int[] channelIds = CHANNELS.stream().mapToInt(c -> id(Dim.UD2, c)).toArray();
    double[] channelShare = {0.55, 0.3, 0.15};
    int[] byProduct = productAccounts.stream().mapToInt(a -> id(Dim.ACCOUNT, a)).toArray();
    int[] other = otherAccounts.stream().mapToInt(a -> id(Dim.ACCOUNT, a)).toArray();
    double[] byProductRatio = productAccounts.stream().mapToDouble(this::accountRatio).toArray();
    double[] otherRatio = otherAccounts.stream().mapToDouble(this::accountRatio).toArray();
    boolean[] adjusted = new boolean[other.length];
    for (int i = 0; i < other.length; i++) {
      adjusted[i] = otherAccounts.get(i).startsWith("Depreciation");
    }
    String[] scenarios = {"Actual", "Budget", "Forecast"};
    int[] row = new int[16];
    row[1] = id(Dim.CONSOLIDATION, "Local");
    row[5] = id(Dim.FLOW, "None");
    row[7] = id(Dim.IC, "None");
    for (int i = 1; i <= 8; i++) {
      row[7 + i] = id(Dim.valueOf("UD" + i), "None");
    }
    int ud1None = row[8];
    int ud2None = row[9];
    int imported = id(Dim.ORIGIN, "Import");
    int forms = id(Dim.ORIGIN, "Forms");
    int adjInput = id(Dim.ORIGIN, "AdjInput");
    int years = lastYear - firstYear + 1;
    // One data unit (entity, scenario, month) at a time, in a fixed order: deterministic.
    CellSource.Generator generator =
        new CellSource.Generator() {
          private int unit = 0;
          private final int units = entityIds.length * scenarios.length * years * 12;

          @Override
          public boolean nextUnit(CellSource.Sink sink) {
            if (unit == units) {
              return false;
            }
            int m = unit % 12 + 1;
            int y = firstYear + unit / 12 % years;
            int s = unit / (12 * years) % scenarios.length;
            int e = unit / (12 * years * scenarios.length);
            unit++;
            row[0] = entityIds[e];
            row[2] = id(Dim.SCENARIO, scenarios[s]);
            row[3] = id(Dim.TIME, y + "M" + m);
            row[6] = s == 0 ? imported : forms;
            double season = 1 + 0.35 * Math.sin((m - 3) * Math.PI / 6);
            double growth = 1 + 0.06 * (y - firstYear);
            double size = 100_000 * entitySize[e] * growth * season * (1 + 0.04 * s);
            for (int a = 0; a < byProduct.length; a++) {
              row[4] = byProduct[a];
              for (int p = 0; p < productIds.length; p++) {
                row[8] = productIds[p];
                for (int c = 0; c < channelIds.length; c++) {
                  row[9] = channelIds[c];
                  double v =
                      size
                          * byProductRatio[a]
                          * productWeight[p]
                          * channelShare[c]
                          / productIds.length
                          * (0.9 + 0.2 * r.nextDouble());
                  sink.accept(row, round2(v));
                }
              }
            }
            row[8] = ud1None;
            row[9] = ud2None;
            for (int a = 0; a < other.length; a++) {
              row[4] = other[a];
              double v = size * otherRatio[a] * (0.9 + 0.2 * r.nextDouble());
              sink.accept(row, round2(v));
              if (s == 0 && m == 12 && adjusted[a]) {
                // A year-end journal: Actual depreciation also has an adjustment.
                row[6] = adjInput;
                sink.accept(row, round2(v * 0.1));
                row[6] = imported;
              }
            }
            return true;
          }
        };
    // No index: H2 builds one slowly in memory, and scans are fast enough for the emulator.
    CellSource.insert(db, "DataCell", generator);
  }

  private double accountRatio(String account) {
    String base = account.replaceAll(" \\d+$", "");
    switch (base) {
      case "Product Sales":
        return 1.0;
      case "Service Revenue":
        return 0.08;
      case "Material Costs":
        return 0.38;
      case "Labor Costs":
        return 0.17;
      case "Salaries":
        return 0.15;
      case "Rent":
        return 0.04;
      case "Marketing":
        return 0.05;
      case "Travel":
        return 0.015;
      case "Depreciation":
        return 0.02;
      case "Cash":
        return 0.6;
      case "Accounts Receivable":
        return 0.9;
      case "Inventory":
        return 1.2;
      case "Accounts Payable":
        return 0.7;
      case "Accrued Liabilities":
        return 0.25;
      default:
        throw new IllegalStateException("No ratio for account " + account);
    }
  }

  // ---------------------------------------------------------------- cube views and the rest

  private int cubeViewId = 0;

  private void writeCubeViews() throws SQLException {
    String lastMonth3 = lastYear + "M3";
    String allTop = ":F#Top:O#Top:I#Top:U1#Top:U2#Top:U3#Top:U4#Top:U5#Top:U6#Top:U7#Top:U8#Top";
    cubeView(
        "ActualVsBudget",
        "Net income, actual against budget, for one entity and period",
        "E#|!Entity!|:C#Local:T#|!Time!|:V#Periodic" + allTop,
        "Entity=[Houston],Time=[" + lastMonth3 + "]",
        List.<String[]>of(new String[] {"NetIncome", "A#[Net Income].Tree", null}),
        List.of(
            "S#Actual:Name(Actual)",
            "S#Budget:Name(Budget)",
            "GetDataCell(S#Actual-S#Budget):Name(Variance)"),
        true);
    cubeView(
        "EntityAccountDetail",
        "Gross margin by US club and account (nested rows)",
        "C#Local:T#|!Time!|:V#Periodic" + allTop,
        "Time=[" + lastYear + "Q1]",
        List.<String[]>of(
            new String[] {"ClubsByAccount", "E#[US Clubs].Base", "A#[Gross Margin].Tree"}),
        List.of("S#Actual", "S#Budget", "S#Forecast"),
        true);
    cubeView(
        "MonthlySalesByProduct",
        "Product sales by product, the months of a year across columns",
        "E#|!Entity!|:C#Local:S#|!Scenario!|:V#Periodic:A#[Product Sales]"
            + allTop.replace(":U1#Top", ""),
        "Entity=[Houston],Scenario=[Actual],Year=[" + lastYear + "]",
        List.<String[]>of(new String[] {"Products", "U1#[Total Products].Tree", null}),
        List.of("T#|!Year!|.Base"),
        true);
    cubeView(
        "QuarterlySummary",
        "Headline figures by quarter, with header names overridden",
        "E#|!Entity!|:C#Local:S#Actual:V#Periodic" + allTop,
        "Entity=[Houston],Year=[" + lastYear + "]",
        List.of(
            new String[] {"Revenue", "A#Sales:Name(Revenue)", null},
            new String[] {
              "Costs", "A#COGS:Name(Cost of Sales), A#[Operating Expenses]:Name(Opex)", null
            },
            new String[] {"Result", "A#[Net Income]:Name(Bottom Line)", null}),
        List.of(
            "T#|!Year!|Q1:Name(Q1), T#|!Year!|Q2:Name(Q2), T#|!Year!|Q3:Name(Q3), "
                + "T#|!Year!|Q4:Name(Q4)",
            "T#|!Year!|:Name(Full Year)"),
        false);
    cubeView(
        "ClubsDashboard",
        "Driven by the dashboard parameter DashboardEntity, which has no literal default",
        "E#|!DashboardEntity!|:C#Local:S#Actual:T#" + lastMonth3 + ":V#Periodic" + allTop,
        "",
        List.<String[]>of(new String[] {"Accounts", "A#[Net Income].Tree", null}),
        List.of("S#Actual"),
        true);
  }

  private void cubeView(
      String name,
      String description,
      String pov,
      String parameters,
      List<String[]> rows,
      List<String> cols,
      boolean suppressZeroRows)
      throws SQLException {
    int id = ++cubeViewId;
    batch(
        "INSERT INTO cubeviewitem VALUES (?, ?, ?, ?, ?, ?)",
        List.<Object[]>of(new Object[] {id, name, description, "GolfStream", pov, parameters}));
    List<Object[]> defs = new ArrayList<>();
    int seq = 0;
    for (String[] row : rows) {
      defs.add(new Object[] {id, "Row", ++seq, row[0], row[1], row[2], suppressZeroRows});
    }
    seq = 0;
    for (String col : cols) {
      seq++;
      defs.add(new Object[] {id, "Col", seq, "Col" + seq, col, null, false});
    }
    batch("INSERT INTO cubeviewrowcol VALUES (?, ?, ?, ?, ?, ?, ?)", defs);
  }

  private void writeAdapters() throws SQLException {
    String salesMix =
        "SELECT p.Name AS Product, SUM(c.CellAmount) AS Amount FROM DataCell c"
            + " JOIN Member p ON p.MemberId = c.UD1Id"
            + " JOIN Member a ON a.MemberId = c.AccountId"
            + " JOIN Member s ON s.MemberId = c.ScenarioId"
            + " JOIN Member t ON t.MemberId = c.TimeId"
            + " JOIN Member e ON e.MemberId = c.EntityId"
            + " JOIN Member k ON k.MemberId = c.ConsolidationId"
            + " WHERE k.Name = 'Local' AND a.Name = 'Product Sales'"
            + " AND s.Name = '|!Scenario!|'"
            + " AND t.Name = '|!Time!|' AND e.Name = '|!Entity!|'"
            + " GROUP BY p.Name, p.SortOrder ORDER BY p.SortOrder";
    batch(
        "INSERT INTO DashboardAdapter VALUES (?, ?, ?, ?, ?, ?)",
        List.of(
            new Object[] {"Sales Mix (WF)", "SQL", true, "Default", null, salesMix},
            new Object[] {
              "ActualVsBudget Adapter", "CubeView", false, "Default", "ActualVsBudget", null
            },
            new Object[] {
              "Monthly Sales", "CubeView", false, "Default", "MonthlySalesByProduct", null
            }));
  }

  private void writeDataManagement() throws SQLException {
    batch(
        "INSERT INTO DataMgmtGroup VALUES (?, ?)",
        List.<Object[]>of(new Object[] {1, "Consolidation"}, new Object[] {2, "Maintenance"}));
    batch(
        "INSERT INTO DataMgmtStep VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        List.of(
            step(1, "Consolidate GolfStream", 1, "Calculate", "Consolidate"),
            step(2, "Translate GolfStream", 1, "Calculate", "Translate"),
            step(3, "Clear Consolidated Data", 2, "ClearData", "Consolidated")));
    String defaults = "Scenario=[Actual],Time=[" + lastYear + "]";
    batch(
        "INSERT INTO DataMgmtSequence VALUES (?, ?, ?, ?)",
        List.of(
            new Object[] {1, "NightlyConsolidation", "Consolidate, then translate", defaults},
            new Object[] {
              2, "ClearConsolidation", "Remove consolidated and translated data", defaults
            }));
    batch(
        "INSERT INTO DataMgmtSequenceStep VALUES (?, ?, ?)",
        List.of(new Object[] {1, 1, 1}, new Object[] {1, 2, 2}, new Object[] {2, 1, 3}));
  }

  /** A step over both entity hierarchies, the |!Scenario!| and the months of |!Time!|. */
  private Object[] step(int id, String name, int group, String stepType, String calcType) {
    return new Object[] {
      id,
      name,
      group,
      stepType,
      calcType,
      "GolfStream",
      "E#[Total GolfStream], E#Geography",
      "S#|!Scenario!|",
      "T#|!Time!|.Base",
      "Scenario=[Actual],Time=[" + lastYear + "]"
    };
  }
}
