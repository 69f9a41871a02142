package io.cubesql.onestream.emulator;

/** Placeholder. */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) {}
}
