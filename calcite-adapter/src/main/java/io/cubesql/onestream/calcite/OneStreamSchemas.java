package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.OneStreamClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The entry point of the adapter: the schemas {@value #CUBE_VIEWS}, {@value #CUBES}, {@value
 * #DIMENSIONS} and {@value #META} of one OneStream application, its table functions, and a Calcite
 * connection that holds them.
 */
public final class OneStreamSchemas {
  /** One table per cube view. */
  public static final String CUBE_VIEWS = "cubeviews";

  /** One table per cube, one row per data cell. */
  public static final String CUBES = "cubes";

  /** One table per dimension, one row per member and parent. */
  public static final String DIMENSIONS = "dimensions";

  /** What the connection knows about the application and itself. */
  public static final String META = "onestream_meta";

  private OneStreamSchemas() {}

  /**
   * The Calcite connection properties that make identifiers friendly to BI tools: {@code "} quotes,
   * names keep the case OneStream gives them, and matching ignores case, so {@code entity}, {@code
   * ENTITY} and {@code "Entity"} all name the column {@code Entity}. The lenient conformance
   * accepts {@code LIMIT start, count}, which DBeaver writes.
   */
  public static Properties calciteProperties() {
    Properties p = new Properties();
    p.setProperty("quoting", "DOUBLE_QUOTE");
    p.setProperty("unquotedCasing", "UNCHANGED");
    p.setProperty("quotedCasing", "UNCHANGED");
    p.setProperty("caseSensitive", "false");
    p.setProperty("conformance", "LENIENT");
    p.setProperty("materializationsEnabled", "false");
    return p;
  }

  /**
   * Opens a Calcite connection whose root schema holds the schemas of {@code client}'s application.
   * The connection does not own {@code client}: close both.
   */
  public static CalciteConnection connect(OneStreamClient client, OneStreamAdapterOptions options)
      throws SQLException {
    Connection c =
        new org.apache.calcite.jdbc.Driver().connect("jdbc:calcite:", calciteProperties());
    CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    install(calcite.getRootSchema(), client, options);
    calcite.setSchema(CUBES);
    return calcite;
  }

  /** Adds the schemas of {@code client}'s application to {@code root}. */
  public static OneStreamAdapter install(
      SchemaPlus root, OneStreamClient client, OneStreamAdapterOptions options) {
    OneStreamAdapter adapter = new OneStreamAdapter(client, options);
    // Calcite's own schema cache would keep names forever: the adapter's Caffeine cache, with the
    // expiry the user sets, is the only one.
    root.add(CUBE_VIEWS, new CubeViewSchema(adapter)).setCacheEnabled(false);
    root.add(CUBES, new CubeSchema(adapter)).setCacheEnabled(false);
    root.add(DIMENSIONS, new DimensionSchema(adapter)).setCacheEnabled(false);
    root.add(META, new MetaSchema(adapter)).setCacheEnabled(false);
    DataManagementFunctions.register(root);
    root.add(AdminSql.NAME, new AdminSql(adapter));
    return adapter;
  }

  /** The adapter whose schemas {@code root} holds (for table functions, which get only that). */
  static OneStreamAdapter adapter(SchemaPlus root) {
    SchemaPlus cubes = root == null ? null : root.getSubSchema(CUBES);
    CubeSchema schema = cubes == null ? null : cubes.unwrap(CubeSchema.class);
    if (schema == null) {
      throw new IllegalStateException("No OneStream schemas in this connection");
    }
    return schema.adapter();
  }
}
