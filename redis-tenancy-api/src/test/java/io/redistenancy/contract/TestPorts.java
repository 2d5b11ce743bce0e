package io.redistenancy.contract;

import io.redistenancy.internal.PortAllocator;

/** Free loopback ports for tests that give a backend a TCP range. */
public final class TestPorts {
  private TestPorts() {}

  /** A run of {@code size} ports nothing listens on now, away from common ones. */
  public static int freeRange(int size) {
    for (int base = 42000; base < 60000; base += size) {
      boolean free = true;
      for (int p = base; p < base + size && free; p++) {
        free = PortAllocator.canBind(p);
      }
      if (free) {
        return base;
      }
    }
    throw new AssertionError("no free port range");
  }
}
