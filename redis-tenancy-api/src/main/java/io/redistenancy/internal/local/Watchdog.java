package io.redistenancy.internal.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends ATTACHED instances when the JVM dies, even by {@code kill -9}, when no shutdown hook runs. One
 * {@code sh} per backend reads {@code add PID} / {@code del PID} lines from a pipe on its stdin; the
 * kernel closes the pipe when the JVM dies, the shell reads EOF and sends SIGTERM (Redis saves and
 * exits), then SIGKILL to whatever is left after the stop timeout. The script is a constant: only
 * pids (digits, checked on both sides) and a number ever reach it. Like the instances, the shell gets
 * {@link RedisLauncher#ENVIRONMENT}, not the JVM's: its {@code /proc/PID/environ} shows no secret.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private static final String SCRIPT = String.join("\n",
      "pids=' '",
      "while read -r op pid; do",
      "  case $pid in ''|*[!0-9]*) continue ;; esac",
      "  case $op in",
      "    add) pids=\"$pids$pid \" ;;",
      "    del) rest=' '; for p in $pids; do [ \"$p\" = \"$pid\" ] || rest=\"$rest$p \"; done; pids=$rest ;;",
      "  esac",
      "done",
      "[ -z \"${pids# }\" ] && exit 0",
      "for p in $pids; do kill -TERM \"$p\" 2>/dev/null; done",
      "i=0",
      "while [ $i -lt \"$1\" ]; do",
      "  alive=''",
      "  for p in $pids; do kill -0 \"$p\" 2>/dev/null && alive=\"$alive $p\"; done",
      "  [ -z \"$alive\" ] && exit 0",
      "  sleep 0.1",
      "  i=$((i+1))",
      "done",
      "for p in $alive; do kill -KILL \"$p\" 2>/dev/null; done",
      "");

  private final long killAfterTicks;
  private final Set<Long> registered = new LinkedHashSet<>();
  private Process shell;
  private OutputStream pipe;
  private boolean closed;

  /** @param killAfterMillis how long after SIGTERM the watchdog sends SIGKILL */
  Watchdog(long killAfterMillis) {
    this.killAfterTicks = Math.max(1, killAfterMillis / 100);
    spawn();
  }

  /** The watchdog's own pid, for tests and logs. */
  synchronized long pid() {
    return shell.pid();
  }

  synchronized void register(long pid) {
    if (!closed && registered.add(pid)) {
      send("add " + pid);
    }
  }

  synchronized void unregister(long pid) {
    if (!closed && registered.remove(pid)) {
      send("del " + pid);
    }
  }

  private void send(String line) {
    try {
      pipe.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      // the shell died (someone killed it): start a new one and tell it every pid again
      LOG.warn("The local backend's watchdog (pid {}) is gone; starting a new one", shell.pid());
      spawn();
    }
  }

  private void spawn() {
    try {
      shell = RedisLauncher.withMinimalEnvironment(
              new ProcessBuilder("/bin/sh", "-c", SCRIPT, "redis-tenancy-watchdog", Long.toString(killAfterTicks)))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      pipe = shell.getOutputStream();
      for (long pid : registered) {
        pipe.write(("add " + pid + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      pipe.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot start the watchdog shell /bin/sh", e);
    }
  }

  /**
   * Closes the pipe: the shell stops whatever is still registered (nothing, after a clean backend
   * close) and exits.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pipe.close();
    } catch (IOException e) {
      // the shell is gone already; nothing left to tell it
    }
    try {
      if (!shell.waitFor(2, TimeUnit.SECONDS)) {
        LOG.debug("watchdog {} still stopping leftover instances", shell.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
