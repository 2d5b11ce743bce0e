package io.redistenancy.spi;

import java.nio.file.Path;
import java.time.Clock;

/** What the engine gives a backend when it creates it. */
public interface BackendContext {
  /** The tenancy's home directory (0700). */
  Path home();

  /**
   * A directory (0700, created) for this backend's own files: {@code home/instances}, whatever the
   * backend.
   */
  Path workDirectory();

  /** A stable random id of this home; backends mark every resource with it. */
  String ownerId();

  /** Where the backend reports what happens to instances on its own (crashes, restarts). */
  InstanceEvents events();

  Clock clock();
}
