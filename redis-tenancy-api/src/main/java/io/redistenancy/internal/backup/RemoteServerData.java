package io.redistenancy.internal.backup;

import io.redistenancy.spi.ServerLogin;
import io.redistenancy.BackupException;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A tenant's data on a server the library has no file access to: a whole registered server (key
 * prefix {@code ""}), or the keys under one tenant's prefix on a shared server. Taking and putting back
 * snapshots of it, mirroring {@link io.redistenancy.spi.InstanceDataAccess} for restores:
 *
 * <ul>
 *   <li>{@link #snapshot}: the server's snapshot over the replication protocol (a fork's point-in-time
 *       view, as for dedicated instances). For a prefix, a {@link ScratchRedis} loads it, drops every
 *       key outside the prefix, and the snapshot of what is left is the tenant's: consistent, at the
 *       price of transferring (and holding in the scratch server's memory) the whole shared server;
 *   <li>{@link #setAside}: such a snapshot of the current data, in {@code WORK/restore-aside/TENANT/TOKEN.rdb},
 *       0600, renamed into place only once complete — so "data is aside" means a whole snapshot is;
 *   <li>{@link #replaceWith}: a scratch server loads the RDB (for a prefix, it must hold no other key);
 *       the tenant's keys on the server are deleted ({@code FLUSHALL}, or {@code SCAN MATCH} +
 *       {@code UNLINK} for a prefix); the scratch server copies every key over
 *       ({@code MIGRATE … COPY REPLACE AUTH2}; to a TLS server over TLS, trusting only that server's
 *       CAs); the tenant's key count must then match;
 *   <li>{@link #restoreAside}: {@link #replaceWith} the snapshot aside; {@link #discardAside} deletes it.
 * </ul>
 *
 * Why this method: a server we cannot touch the files of (a managed service, someone else's host)
 * offers two ways in for data, commands and replication. Making it a replica of a scratch server
 * ({@code REPLICAOF}) would be atomic but needs the server to reach back to the library's host and
 * {@code REPLICAOF} rights that managed services withhold — and would replace other tenants' keys on a
 * shared server; {@code RESTORE} of Redis's own {@code DUMP} payloads needs neither, keeps every type,
 * encoding and TTL byte for byte, and {@code MIGRATE} runs it in batches from the scratch server without
 * the library decoding a key or a value. Only keys are restored: functions, ACL users and settings stay
 * as they are. The engine makes one per tenancy, in the backend's work directory.
 */
public final class RemoteServerData {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** Redis sends a newline a second while it prepares a transfer; a minute of silence is a dead peer. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** One batch of the tenant's keys on the server: counted, or deleted as well. */
  private static final String PREFIX_BATCH = """
      local r = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
      if ARGV[4] == 'delete' and #r[2] > 0 then redis.call('UNLINK', unpack(r[2])) end
      return {r[1], #r[2]}""";

  private final Path root;
  private final Path scratchRoot;
  private final Supplier<RedisBinary> redisServer;

  /**
   * @param workDirectory the backend's private work directory
   * @param redisServer the local {@code redis-server} to run scratch servers with (looked up on use)
   */
  public RemoteServerData(Path workDirectory, Supplier<RedisBinary> redisServer) {
    this.root = workDirectory.resolve("restore-aside");
    this.scratchRoot = workDirectory.resolve("scratch");
    this.redisServer = redisServer;
  }

  /** A snapshot received into a file, with its key counts when they are known exactly (else -1). */
  public record Snapshot(SnapshotReceiver.Result received, long keys, long expires) {}

  /** The version of the local {@code redis-server} that scratch servers run. */
  public String scratchVersion() {
    return redisServer.get().version();
  }

  /**
   * Streams a snapshot of the data under {@code prefix} ({@code ""}: the whole server) into {@code target},
   * an existing private file.
   */
  public Snapshot snapshot(ServerLogin login, String prefix, Path target, LongConsumer progress) throws IOException {
    if (prefix.isEmpty()) {
      return new Snapshot(receive(login, target, progress), -1, -1);
    }
    Path whole = privateFile(target.resolveSibling(target.getFileName() + ".server"));
    try {
      receive(login, whole, bytes -> { });
      try (ScratchRedis scratch = ScratchRedis.load(redisServer.get().path(), whole, scratchRoot)) {
        Files.delete(whole); // the other tenants' data goes as soon as it is loaded
        scratch.keepOnly(prefix);
        Keyspace kept = scratch.keyspace();
        SnapshotReceiver.Result received = SnapshotReceiver.receive(scratch.endpoint(), null, "default", "scratch", target,
            progress, IDLE_TIMEOUT, false);
        return new Snapshot(received, kept.keys(), kept.expires());
      }
    } finally {
      Files.deleteIfExists(whole);
    }
  }

  private static SnapshotReceiver.Result receive(ServerLogin login, Path target, LongConsumer progress)
      throws IOException {
    try {
      return SnapshotReceiver.receive(login.endpoint(), login.sslContext(), login.user(), login.password(), target,
          progress, IDLE_TIMEOUT, false);
    } catch (IOException e) {
      throw new IOException(SnapshotRefusal.explain(login, e), e);
    }
  }

  /** Keeps a snapshot of the current data under {@code token}; does nothing if one is aside. */
  public void setAside(TenantId id, ServerLogin login, String prefix, String token) {
    Path aside = aside(id, token);
    if (Files.exists(aside)) {
      return;
    }
    Path partial = aside.resolveSibling(aside.getFileName() + ".partial");
    try {
      PrivateFiles.directory(aside.getParent());
      Files.deleteIfExists(partial);
      snapshot(login, prefix, privateFile(partial), bytes -> { });
      Files.move(partial, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new BackupException("could not keep the current data of " + login.endpoint() + " aside: "
          + e.getMessage() + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  public boolean hasAside(TenantId id, String token) {
    return Files.exists(aside(id, token));
  }

  /** Replaces the data with the snapshot aside under {@code token}; does nothing if there is none. */
  public void restoreAside(TenantId id, ServerLogin login, String prefix, String token) {
    if (hasAside(id, token)) {
      replaceWith(login, prefix, aside(id, token));
    }
  }

  public void discardAside(TenantId id, String token) {
    deleteQuietly(aside(id, token));
  }

  /**
   * Deletes the data under {@code prefix} and copies every key of {@code rdb} in.
   *
   * @return the key count under {@code prefix} afterwards
   * @throws BackupException if a step fails, the RDB holds keys outside {@code prefix} (then nothing was
   *     changed), or the key count does not match the snapshot's
   */
  public long replaceWith(ServerLogin login, String prefix, Path rdb) {
    try (ScratchRedis scratch = ScratchRedis.load(redisServer.get().path(), rdb, Optional.of(login),
        scratchRoot);
        RespConnection conn = RespConnection.open(login.endpoint(), TIMEOUT, login.sslContext())) {
      conn.auth(login.user(), login.password());
      long foreign = prefix.isEmpty() ? 0 : scratch.countOutside(prefix);
      if (foreign > 0) {
        throw new BackupException("the snapshot holds " + foreign + " keys that do not start with the tenant's prefix '"
            + prefix + "' (a backup of another tenant?); nothing was changed");
      }
      Keyspace snapshot = scratch.keyspace();
      if (prefix.isEmpty()) {
        conn.call("FLUSHALL");
      } else {
        prefixKeys(conn, prefix, "delete");
      }
      scratch.copyTo(login, copied -> { });
      long loaded = prefix.isEmpty() ? Keyspace.of(conn.callString("INFO", "keyspace")).keys()
          : prefixKeys(conn, prefix, "count");
      if (loaded > snapshot.keys() || loaded < snapshot.keys() - snapshot.expires()) {
        throw new BackupException(login.endpoint() + " holds " + loaded + " keys" + (prefix.isEmpty() ? "" : " under '"
            + prefix + "'") + " after the copy, the snapshot " + snapshot.keys()
            + (snapshot.expires() > 0 ? " (" + snapshot.expires() + " with a TTL)" : ""));
      }
      return loaded;
    } catch (IOException e) {
      throw new BackupException("copying the snapshot's keys to " + login.endpoint() + " failed: " + e.getMessage(), e);
    }
  }

  /** Counts (and with {@code delete}, deletes) the keys under {@code prefix} in every database, in batches. */
  private static long prefixKeys(RespConnection conn, String prefix, String action) throws IOException {
    String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    long found = 0;
    for (int db : Keyspace.of(conn.callString("INFO", "keyspace")).databases()) {
      conn.call("SELECT", Integer.toString(db));
      String cursor = "0";
      do {
        List<?> reply = (List<?>) conn.call("EVAL", PREFIX_BATCH, "0", cursor, pattern,
            Integer.toString(ScratchRedis.BATCH), action);
        cursor = reply.get(0).toString();
        found += (Long) reply.get(1);
      } while (!"0".equals(cursor));
    }
    conn.call("SELECT", "0");
    return found;
  }

  private Path aside(TenantId id, String token) {
    return root.resolve(id.value()).resolve(token + ".rdb");
  }

  private static Path privateFile(Path file) throws IOException {
    Files.deleteIfExists(file);
    return Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover private file; the next setAside under this token replaces it
    }
  }
}
