package io.redistenancy.internal.local;

import io.redistenancy.internal.Checked;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends ATTACHED instances when the JVM dies, even by {@code kill -9}, when no shutdown hook runs. One
 * {@code sh} per backend reads {@code add PID START} / {@code del PID START} lines from a pipe on its stdin; the
 * kernel closes the pipe when the JVM dies, the shell reads EOF and sends SIGTERM (Redis saves and
 * exits), then SIGKILL to whatever is left after the stop timeout. The script is a constant: only
 * pids and start times (digits, checked on both sides) and a number ever reach it. Like the
 * instances, the shell gets {@link io.redistenancy.internal.redis.RedisBinary#ENVIRONMENT}, not the JVM's: its
 * {@code /proc/PID/environ} shows no secret.
 */
final class Watchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  /**
   * Each process is kept as {@code PID:START} (START: its kernel start time, 0 where there is no /proc)
   * and signalled only while {@code /proc/PID/stat} still shows that start time and no zombie: a
   * registered instance that exited meanwhile may have left its pid to an unrelated process.
   */
  private static final String SCRIPT = String.join("\n",
      "ticks=$1",
      "same() {",
      "  p=${1%%:*}; s=${1#*:}",
      "  [ \"$s\" = 0 ] && { kill -0 \"$p\" 2>/dev/null; return; }",
      "  { read -r stat < \"/proc/$p/stat\"; } 2>/dev/null || return 1",
      "  set -- ${stat##*\") \"}",
      "  [ $# -gt 19 ] || return 1",
      "  case $1 in Z|X) return 1 ;; esac",
      "  shift 19",
      "  [ \"$1\" = \"$s\" ]",
      "}",
      "procs=' '",
      "while read -r op pid start; do",
      "  case $pid in ''|*[!0-9]*) continue ;; esac",
      "  case $start in ''|*[!0-9]*) continue ;; esac",
      "  case $op in",
      "    add) procs=\"$procs$pid:$start \" ;;",
      "    del) rest=' '; for e in $procs; do [ \"${e%%:*}\" = \"$pid\" ] || rest=\"$rest$e \"; done; procs=$rest ;;",
      "  esac",
      "done",
      "[ -z \"${procs# }\" ] && exit 0",
      "for e in $procs; do same \"$e\" && kill -TERM \"${e%%:*}\" 2>/dev/null; done",
      "i=0",
      "while [ $i -lt \"$ticks\" ]; do",
      "  alive=''",
      "  for e in $procs; do same \"$e\" && alive=\"$alive $e\"; done",
      "  [ -z \"$alive\" ] && exit 0",
      "  sleep 0.1",
      "  i=$((i+1))",
      "done",
      "for e in $alive; do same \"$e\" && kill -KILL \"${e%%:*}\" 2>/dev/null; done",
      "");

  private final long killAfterTicks;
  /** Pid to kernel start time. */
  private final Map<Long, Long> registered = new LinkedHashMap<>();
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

  /** Tells the shell about a started or adopted instance, by pid and start time. */
  synchronized void register(ProcessHandle process) {
    long startTicks = Liveness.startTicks(process.pid());
    if (startTicks == 0 && Files.isDirectory(Path.of("/proc/self"))) {
      return; // exited already: nothing to stop, and its pid is free for any process (0 would mean "trust the pid")
    }
    register(process.pid(), startTicks);
  }

  /** Package-private: a test registers a start time other than the pid's own, as after a pid reuse. */
  synchronized void register(long pid, long startTicks) {
    if (!closed && !registered.containsKey(pid)) {
      registered.put(pid, startTicks);
      send(entry(pid, startTicks, "add"));
    }
  }

  synchronized void unregister(long pid) {
    Long startTicks = closed ? null : registered.remove(pid);
    if (startTicks != null) {
      send(entry(pid, startTicks, "del"));
    }
  }

  private static String entry(long pid, long startTicks, String op) {
    return op + " " + pid + " " + startTicks;
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
      shell = RedisBinary.withMinimalEnvironment(
              new ProcessBuilder("/bin/sh", "-c", SCRIPT, "redis-tenancy-watchdog", Long.toString(killAfterTicks)))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      pipe = shell.getOutputStream();
      for (Map.Entry<Long, Long> e : registered.entrySet()) {
        pipe.write((entry(e.getKey(), e.getValue(), "add") + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      pipe.flush();
    } catch (IOException e) {
      throw Checked.failure("start the watchdog shell /bin/sh", e);
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
