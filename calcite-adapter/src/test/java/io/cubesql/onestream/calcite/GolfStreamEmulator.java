package io.cubesql.onestream.calcite;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one GolfStream emulator per JVM, on port 0, with small pages, and
 * hands it to tests as a parameter. Tests that change data or faults start their own.
 */
public final class GolfStreamEmulator implements ParameterResolver {
  /** Cells per Analytics page: small, so that paging is exercised. */
  static final int PAGE_SIZE = 1000;

  private static final class Holder
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final OneStreamEmulator emulator = OneStreamEmulator.builder().pageSize(PAGE_SIZE).start();

    @Override
    public void close() {
      emulator.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.getParameter().getType() == OneStreamEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    return c.getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
        .emulator;
  }
}
