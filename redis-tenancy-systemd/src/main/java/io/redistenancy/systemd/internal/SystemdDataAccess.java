package io.redistenancy.systemd.internal;

import io.redistenancy.BackupException;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.DataDirectoryAccess;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The systemd backend's data files, for restores, through the machine's commands (so the machine may
 * be another container): the data directory is the unit's {@code StateDirectory=}; data set aside is
 * that directory renamed to {@code .aside/INSTANCE-TOKEN} beside it (root only, same file system, so
 * one atomic rename). An RDB travels in chunks on standard input into a temporary file, which is
 * renamed into place once complete, owned by the tenant's user.
 */
final class SystemdDataAccess implements InstanceDataAccess {
  /** Bounds the memory one command's standard input takes. */
  private static final int CHUNK = 32 << 20;

  private static final String SET_ASIDE = "set -e; data=$1; aside=$2; user=$3\n"
      + "if [ ! -e \"$aside\" ]; then install -d -o root -g root -m 0700 \"$(dirname \"$aside\")\"\n"
      + "  if [ -d \"$data\" ]; then mv \"$data\" \"$aside\"; else install -d -o root -g root -m 0700 \"$aside\"; fi\n"
      + "fi\n"
      + "install -d -o \"$user\" -g \"$user\" -m 0700 \"$data\"\n";
  private static final String APPEND = "set -e; umask 077; if [ \"$2\" = first ]; then : > \"$1\"; fi; cat >> \"$1\"";
  private static final String PUT_IN_PLACE = "set -e; data=$1; temp=$2; user=$3\n"
      + "install -d -o \"$user\" -g \"$user\" -m 0700 \"$data\"\n"
      + "chown \"$user:$user\" \"$temp\"; chmod 0600 \"$temp\"; sync; mv -f \"$temp\" \"$data/dump.rdb\"\n";
  private static final String RESTORE_ASIDE = "set -e; if [ -d \"$2\" ]; then rm -rf -- \"$1\"; mv \"$2\" \"$1\"; fi";

  /** The .aside directory goes too once no restore uses it. */
  private static final String DISCARD_ASIDE = "rm -rf -- \"$1\"; rmdir \"$(dirname \"$1\")\" 2>/dev/null || true";

  private final Machine machine;
  private final InstanceNames names;
  private final Function<TenantId, InstanceState> states;

  SystemdDataAccess(Machine machine, InstanceNames names, Function<TenantId, InstanceState> states) {
    this.machine = machine;
    this.names = names;
    this.states = states;
  }

  private String data(TenantId id) {
    return names.dataDirectory(id).toString();
  }

  private String aside(TenantId id, String token) {
    Path data = names.dataDirectory(id);
    return names.stateRoot().resolve(".aside")
        .resolve(data.getFileName() + "-" + DataDirectoryAccess.checkedToken(token)).toString();
  }

  private void requireStopped(TenantId id) {
    DataDirectoryAccess.requireStopped(id, states.apply(id));
  }

  @Override
  public void setAside(TenantId id, String token) {
    requireStopped(id);
    run(id, "set its data aside", SET_ASIDE, data(id), aside(id, token), names.user(id));
  }

  @Override
  public boolean hasAside(TenantId id, String token) {
    return machine.tryRun("test", "-d", aside(id, token)).ok();
  }

  @Override
  public void install(TenantId id, Path rdb) {
    requireStopped(id);
    String temp = data(id) + ".installing";
    try (InputStream in = Files.newInputStream(rdb)) {
      byte[] buffer = new byte[CHUNK];
      boolean first = true;
      int read;
      while ((read = in.readNBytes(buffer, 0, CHUNK)) > 0 || first) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", APPEND, "sh", temp, first ? "first" : "more"));
        machine.check(argv, machine.tryRun(argv, Arrays.copyOf(buffer, read)));
        first = false;
      }
    } catch (IOException e) {
      throw new BackupException("Cannot read " + rdb + " to install it for tenant '" + id + "': " + e.getMessage(), e);
    } catch (TenancyException e) {
      throw new BackupException("Cannot copy " + rdb + " to the systemd machine for tenant '" + id + "': "
          + e.getMessage(), e);
    }
    run(id, "put the snapshot in place", PUT_IN_PLACE, data(id), temp, names.user(id));
  }

  @Override
  public void removeSnapshot(TenantId id) {
    run(id, "remove its snapshot", "rm -f -- \"$1/dump.rdb\"", data(id));
  }

  @Override
  public void restoreAside(TenantId id, String token) {
    requireStopped(id);
    run(id, "move its data back", RESTORE_ASIDE, data(id), aside(id, token));
  }

  @Override
  public void discardAside(TenantId id, String token) {
    run(id, "delete its old data", DISCARD_ASIDE, aside(id, token));
  }

  private void run(TenantId id, String what, String script, String... args) {
    Result result = machine.script(script, args);
    if (!result.ok()) {
      throw new BackupException("Cannot " + what + " for tenant '" + id + "' on systemd: "
          + Machine.failure(List.of("sh", "-c", what), result));
    }
  }
}
