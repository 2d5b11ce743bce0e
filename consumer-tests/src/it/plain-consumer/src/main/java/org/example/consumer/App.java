package org.example.consumer;

import io.redistenancy.Backends;
import io.redistenancy.RedisTenancy;
import java.nio.file.Path;

/** Compiles against the published API, as an application would. */
public final class App {
  private App() {}

  public static RedisTenancy.Builder tenancy(Path home) {
    return RedisTenancy.builder().home(home).backend(Backends.local());
  }
}
