package io.redistenancy.systemd.internal;

import io.redistenancy.TenancyException;
import io.redistenancy.systemd.CommandRunner;
import io.redistenancy.systemd.CommandRunner.Result;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine systemd runs on, through a {@link CommandRunner}: named commands with checked
 * arguments, files written atomically with their owner and mode, and errors that say which command
 * failed and what it printed. Content (configs with password hashes) travels on standard input, never
 * on a command line.
 */
final class Machine {
  /**
   * Writes standard input to $1 atomically (temp file, owner $2, mode $3, rename), creating the
   * parent directory (root, 0755) if needed. umask 077: the temp file is private until chmod.
   */
  private static final String WRITE_FILE = Scripts.load("write-file.sh");

  /**
   * Defines {@code write_files PATH OWNER MODE LENGTH …}: each file's content is the next LENGTH
   * bytes of standard input ({@code head -c} reads no more than it is asked for from a pipe).
   */
  private static final String PREAMBLE = Scripts.load("write-files.sh");

  private final CommandRunner runner;

  Machine(CommandRunner runner) {
    this.runner = runner;
  }

  CommandRunner runner() {
    return runner;
  }

  /** Runs a command; a non-zero exit is returned, not thrown. */
  Result tryRun(String... argv) {
    return tryRun(List.of(argv), new byte[0]);
  }

  Result tryRun(List<String> argv, byte[] stdin) {
    try {
      return runner.run(argv, stdin);
    } catch (TenancyException | UncheckedIOException e) { // LocalProcesses', or another runner's
      throw new TenancyException("Cannot run " + argv.get(0) + " on the systemd machine: " + e.getMessage()
          + ". Check the backend's command runner.", e);
    }
  }

  /**
   * {@code argv} ended by the machine after {@code timeout} (coreutils' {@code timeout}, exit 124; a
   * command that ignores SIGTERM gets SIGKILL 2 seconds later), whatever the command runner.
   */
  static List<String> bounded(Duration timeout, List<String> argv) {
    List<String> bounded = new ArrayList<>(List.of("timeout", "--kill-after=2", timeout.toSeconds() + "s"));
    bounded.addAll(argv);
    return bounded;
  }

  /** Runs a command that must succeed. */
  Result run(String... argv) {
    return check(List.of(argv), tryRun(argv));
  }

  Result check(List<String> argv, Result result) {
    if (!result.ok()) {
      throw new TenancyException(failure(argv, result));
    }
    return result;
  }

  static String failure(List<String> argv, Result result) {
    String said = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
    return "'" + String.join(" ", argv.subList(0, Math.min(argv.size(), 3))) + (argv.size() > 3 ? " …" : "")
        + "' failed (exit " + result.exitCode() + ")" + (said.isEmpty() ? "" : ": " + said);
  }

  /** Writes {@code content} to {@code path} atomically, owned by {@code owner} ({@code user:group}), with {@code mode}. */
  void writeFile(Path path, String content, String owner, String mode) {
    List<String> argv = List.of("sh", "-c", WRITE_FILE, "sh", path.toString(), owner, mode);
    check(argv, tryRun(argv, content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Runs a fixed shell script in one command (one round trip to the machine), with {@code args} as
   * {@code $1 …} followed by the files' {@code PATH OWNER MODE LENGTH} quadruples; the script calls
   * {@code write_files} after shifting its own arguments away. Contents travel on standard input.
   */
  Result batch(String script, List<String> args, List<FileWrite> files) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", PREAMBLE + script, "sh"));
    argv.addAll(args);
    java.io.ByteArrayOutputStream stdin = new java.io.ByteArrayOutputStream();
    for (FileWrite file : files) {
      byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
      argv.addAll(List.of(file.path().toString(), file.owner(), file.mode(), Integer.toString(content.length)));
      stdin.writeBytes(content);
    }
    return tryRun(argv, stdin.toByteArray());
  }

  /** A file to write: its content, owner ({@code user:group}) and octal mode. */
  record FileWrite(Path path, String content, String owner, String mode) {}

  /** Runs a fixed shell script with positional arguments ({@code $1 …}); the script never contains user text. */
  Result script(String script, String... args) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    return tryRun(argv, new byte[0]);
  }
}
