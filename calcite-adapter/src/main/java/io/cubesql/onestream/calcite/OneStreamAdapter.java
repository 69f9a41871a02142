package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.OneStreamClient;

/** Stub: being written. */
public final class OneStreamAdapter implements AutoCloseable {
  final OneStreamClient client;
  final OneStreamAdapterOptions options;

  OneStreamAdapter(OneStreamClient client, OneStreamAdapterOptions options) {
    this.client = client;
    this.options = options;
  }

  @Override
  public void close() {}
}
