package io.cubesql.onestream.calcite;

import org.apache.calcite.schema.impl.AbstractSchema;

/** Stub: being written. */
final class CubeViewSchema extends AbstractSchema {
  CubeViewSchema(OneStreamAdapter adapter) {}
}
