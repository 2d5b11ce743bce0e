package io.redistenancy.internal.local;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.internal.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The lock on the backend's work directory for the backend's lifetime: two backends on one home would
 * both supervise, restart and hand out ports for the same tenants.
 */
final class WorkDirectoryLock {
  private WorkDirectoryLock() {}

  static ExclusiveFileLock acquire(Path workDirectory) {
    try {
      return ExclusiveFileLock.tryAcquire(workDirectory.resolve("backend.lock")).orElseThrow(() ->
          new BackendUnavailableException("Another open tenancy already uses " + workDirectory
              + " (its local backend holds backend.lock). Close it first, or use another home."));
    } catch (IOException e) {
      throw new BackendUnavailableException("Cannot lock the local backend's directory " + workDirectory
          + ": " + e.getMessage(), e);
    }
  }
}
