package io.cubesql.onestream.calcite;

import org.apache.calcite.schema.impl.AbstractSchema;

/** Stub: being written. */
final class DimensionSchema extends AbstractSchema {
  DimensionSchema(OneStreamAdapter adapter) {}
}
