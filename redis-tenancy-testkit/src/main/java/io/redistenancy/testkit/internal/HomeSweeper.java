package io.redistenancy.testkit.internal;

import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.UnwantedInstances;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes what dead test JVMs left behind: for each stale {@code rtk-PID-*} directory (see
 * {@link Homes#isStale(Path)}), each home in it is opened again on its backend (recorded in
 * {@code NAME.backend}) without starting anything, its tenants are deleted and unwanted instances
 * removed (containers included), then the directory is deleted. Local instances are already gone by
 * then (the watchdog of an ATTACHED tenancy stops them with the JVM); opening the home also proves
 * no other sweeper holds it: a home in use is skipped.
 */
final class HomeSweeper {
  private static final System.Logger LOG = System.getLogger(HomeSweeper.class.getName());

  private HomeSweeper() {}

  /** Sweeps every stale directory below {@code parent}; returns the directories deleted. */
  static List<Path> sweep(Path parent) {
    List<Path> swept = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Homes.PREFIX + "*")) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && Homes.isStale(dir) && sweepOne(dir)) {
          swept.add(dir);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "redis-tenancy testkit: could not sweep stale homes below " + parent + ": " + e);
    }
    return swept;
  }

  private static boolean sweepOne(Path dir) {
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, "*.backend")) {
      for (Path marker : markers) {
        String name = marker.getFileName().toString();
        Path home = dir.resolve(name.substring(0, name.length() - ".backend".length()));
        if (Files.isDirectory(home)) {
          ResolvedBackend backend = ResolvedBackend.fromMarker(Homes.read(marker).orElse("local"));
          if (!removeTenants(home, backend)) {
            return false;
          }
        }
      }
    } catch (IOException e) {
      return false;
    }
    try {
      PrivateFiles.deleteRecursively(dir);
      LOG.log(Level.INFO, "redis-tenancy testkit: deleted " + dir + ", left by a test JVM that is gone");
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "redis-tenancy testkit: could not delete " + dir + ": " + e.getMessage());
      return false;
    }
  }

  /** Deletes every tenant of a home; false when the home is in use or its backend cannot be reached. */
  static boolean removeTenants(Path home, ResolvedBackend backend) {
    if (!Files.isDirectory(home)) {
      return true;
    }
    try (RedisTenancy tenancy = RedisTenancy.builder().home(home).backend(backend.factory())
        .reconcileOnOpen(false).readyTimeout(Duration.ofSeconds(10)).build()) {
      for (Tenant tenant : tenancy.tenants()) {
        try {
          tenant.delete(Deletion.PURGE);
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, () -> "could not delete tenant " + tenant.name() + " of " + home + ": " + e);
        }
      }
      tenancy.reconcile(UnwantedInstances.REMOVE);
      return true;
    } catch (RuntimeException e) {
      if (!backend.docker()) {
        // local instances die with their JVM; what is left are files
        return !String.valueOf(e.getMessage()).contains("in use");
      }
      LOG.log(Level.WARNING, "redis-tenancy testkit: could not clean " + home + " (" + backend.describe() + "): "
          + e.getMessage());
      return false;
    }
  }
}
