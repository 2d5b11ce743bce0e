package io.redistenancy.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

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

  /**
   * The tenancy's scheduler, for a backend's periodic and background work (health polls, state
   * watchers, coalesced saves, quota checks). Owned by the engine: it is shut down after the
   * backend's {@code close()}, so a backend cancels its own tasks there and never shuts it down.
   * Tasks must be short: one that blocks for long (reading an endless stream) needs a thread of its
   * own.
   */
  ScheduledExecutorService scheduler();
}
