package io.redistenancy.internal.backup;

import io.redistenancy.BackupException;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.local.RedisBinary;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The data steps of a restore into a server the library has no file access to, mirroring
 * {@link io.redistenancy.spi.InstanceDataAccess}:
 *
 * <ul>
 *   <li>{@link #setAside}: the server's current data is received as a snapshot over the replication
 *       protocol (as a backup is) into {@code WORK/restore-aside/TENANT/TOKEN.rdb}, 0600, renamed into
 *       place only once complete — so "data is aside" means a whole snapshot is;
 *   <li>{@link #replaceWith}: {@code FLUSHALL} on the server, then a {@link ScratchRedis} loads the RDB
 *       and copies every key over ({@code MIGRATE … COPY REPLACE AUTH2}); the server's key count must
 *       then match the scratch server's;
 *   <li>{@link #restoreAside}: {@link #replaceWith} the snapshot aside; {@link #discardAside} deletes it.
 * </ul>
 *
 * Why this method: a server we cannot touch the files of (a managed service, someone else's host)
 * offers two ways in for data, commands and replication. Making it a replica of a scratch server
 * ({@code REPLICAOF}) would be atomic but needs the server to reach back to the library's host and
 * {@code REPLICAOF} rights that managed services withhold; {@code RESTORE} of Redis's own
 * {@code DUMP} payloads needs neither, keeps every type, encoding and TTL byte for byte, and
 * {@code MIGRATE} runs it in batches from the scratch server without the library decoding a value.
 * Only keys are restored: functions and the server's ACL users and settings stay as they are. Not final
 * only so that a test can stand a JVM kill between two steps.
 */
public class RemoteServerData {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** Redis sends a newline a second while it prepares a transfer; a minute of silence is a dead peer. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final Path root;
  private final Supplier<RedisBinary> redisServer;

  /**
   * @param workDirectory the backend's private work directory
   * @param redisServer the local {@code redis-server} to run scratch servers with (looked up on use)
   */
  public RemoteServerData(Path workDirectory, Supplier<RedisBinary> redisServer) {
    this.root = workDirectory.resolve("restore-aside");
    this.redisServer = redisServer;
  }

  /** The version of the local {@code redis-server} that scratch servers run. */
  public String scratchVersion() {
    return redisServer.get().version();
  }

  /** Receives a snapshot of the server's current data under {@code token}; does nothing if one is aside. */
  public void setAside(TenantId id, ServerLogin login, String token) {
    Path aside = aside(id, token);
    if (Files.exists(aside)) {
      return;
    }
    Path partial = aside.resolveSibling(aside.getFileName() + ".partial");
    try {
      PrivateFiles.directory(aside.getParent());
      Files.deleteIfExists(partial);
      Files.createFile(partial, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      SnapshotReceiver.receive(login.endpoint(), login.user(), login.password(), partial, bytes -> { }, IDLE_TIMEOUT);
      Files.move(partial, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new BackupException("could not keep the current data of " + login.endpoint() + " aside: "
          + SnapshotRefusal.explain(login, e) + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  public boolean hasAside(TenantId id, String token) {
    return Files.exists(aside(id, token));
  }

  /** Replaces the server's data with the snapshot aside under {@code token}; does nothing if there is none. */
  public void restoreAside(TenantId id, ServerLogin login, String token) {
    if (hasAside(id, token)) {
      replaceWith(login, aside(id, token));
    }
  }

  public void discardAside(TenantId id, String token) {
    deleteQuietly(aside(id, token));
  }

  /**
   * Empties the server and copies every key of {@code rdb} into it.
   *
   * @return the server's key count afterwards
   * @throws BackupException if a step fails or the key count does not match the snapshot's
   */
  public long replaceWith(ServerLogin login, Path rdb) {
    try (ScratchRedis scratch = ScratchRedis.load(redisServer.get().path(), rdb);
        RespConnection conn = RespConnection.open(login.endpoint(), TIMEOUT)) {
      conn.auth(login.user(), login.password());
      Keyspace snapshot = scratch.keyspace();
      long expected = snapshot.keys();
      long volatileKeys = snapshot.expires();
      conn.call("FLUSHALL");
      scratch.copyTo(login, copied -> { });
      long loaded = Keyspace.of(conn.callString("INFO", "keyspace")).keys();
      if (loaded > expected || loaded < expected - volatileKeys) {
        throw new BackupException(login.endpoint() + " holds " + loaded + " keys after the copy, the snapshot "
            + expected + (volatileKeys > 0 ? " (" + volatileKeys + " with a TTL)" : ""));
      }
      return loaded;
    } catch (IOException e) {
      throw new BackupException("copying the snapshot's keys to " + login.endpoint() + " failed: " + e.getMessage(), e);
    }
  }

  private Path aside(TenantId id, String token) {
    return root.resolve(id.value()).resolve(token + ".rdb");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover private file; the next setAside under this token replaces it
    }
  }
}
