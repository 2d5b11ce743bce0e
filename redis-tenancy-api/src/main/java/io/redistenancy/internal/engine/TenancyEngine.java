package io.redistenancy.internal.engine;

import io.redistenancy.PlanCatalog;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyListener;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The engine behind {@link RedisTenancy}. (Stub: being written.) */
public final class TenancyEngine {
  private TenancyEngine() {}

  /** What the builder collected. {@code backend} may be null: discover one. */
  public record Settings(Path home, BackendFactory backend, PlanCatalog plans, TenancyListener listener,
      Clock clock, Duration readyTimeout, boolean reconcileOnOpen) {}

  public static RedisTenancy open(Settings settings) {
    throw new UnsupportedOperationException();
  }
}
