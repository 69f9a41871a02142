package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.jdbc.OneStreamProperty;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The {@link DatabaseMetaData} of a OneStream connection: Calcite's, with the identity a BI tool
 * shows (product OneStream, driver OneStream JDBC Driver and its version, the URL without secrets),
 * result sets and errors wrapped like a statement's. A dynamic proxy: of its 180-odd methods, a
 * dozen differ from Calcite's and none is on a hot path.
 */
final class OneStreamDatabaseMetaData implements InvocationHandler {
  static final String PRODUCT_NAME = "OneStream";
  static final String DRIVER_NAME = "OneStream JDBC Driver";

  private final RealOneStreamConnection connection;
  private final DatabaseMetaData delegate;

  private OneStreamDatabaseMetaData(RealOneStreamConnection connection, DatabaseMetaData delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  static DatabaseMetaData wrap(RealOneStreamConnection connection, DatabaseMetaData delegate) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            OneStreamDatabaseMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            new OneStreamDatabaseMetaData(connection, delegate));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Properties props = connection.uri().properties();
    String apiVersion = OneStreamProperty.API_VERSION.get(props);
    switch (method.getName()) {
      case "getDatabaseProductName":
        return PRODUCT_NAME;
      case "getDatabaseProductVersion":
        return "REST API " + apiVersion;
      case "getDatabaseMajorVersion":
        return Integer.parseInt(apiVersion.split("\\.")[0]);
      case "getDatabaseMinorVersion":
        return Integer.parseInt(apiVersion.split("\\.")[1]);
      case "getDriverName":
        return DRIVER_NAME;
      case "getDriverVersion":
        return DriverVersion.VERSION;
      case "getDriverMajorVersion":
        return DriverVersion.MAJOR;
      case "getDriverMinorVersion":
        return DriverVersion.MINOR;
      case "getURL":
        return connection.uri().url();
      case "getUserName":
        return OneStreamProperty.USER.get(props);
      case "getConnection":
        return connection;
      case "isReadOnly":
        return true;
      case "unwrap":
        Class<?> iface = (Class<?>) args[0];
        return iface.isInstance(proxy) ? proxy : delegate.unwrap(iface);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy) || delegate.isWrapperFor((Class<?>) args[0]);
      case "toString":
        return "OneStreamDatabaseMetaData[" + connection + "]";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException || cause instanceof RuntimeException) {
        throw connection.errors().translate(cause);
      }
      throw cause;
    }
    return result instanceof ResultSet rs
        ? new OneStreamResultSet(null, rs, connection.errors(), 0)
        : result;
  }
}
