package io.redistenancy.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A new tenant's state files reach the disk shortly after its create (the create itself is durable
 * through the home's state journal): tests that read them directly wait for them here.
 */
public final class StateFilesOnDisk {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private StateFilesOnDisk() {}

  /** {@code home/secrets/TENANT.json} once it is there. */
  public static Path secrets(Path home, String tenant) throws InterruptedException {
    Path file = home.resolve("secrets").resolve(tenant + ".json");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " did not appear within " + WAIT.toSeconds() + " s");
      }
      Thread.sleep(10);
    }
    return file;
  }

  /** The library's admin password for {@code tenant}, from its stored secrets. */
  public static String adminPassword(Path home, String tenant) throws Exception {
    String secrets = Files.readString(secrets(home, tenant));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"adminPassword\"\\s*:\\s*\"([0-9a-f]+)\"")
        .matcher(secrets);
    if (!m.find()) {
      throw new AssertionError("no admin password in the secrets of " + tenant);
    }
    return m.group(1);
  }
}
