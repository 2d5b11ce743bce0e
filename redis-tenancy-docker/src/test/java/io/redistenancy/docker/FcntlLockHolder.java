package io.redistenancy.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Another process (python3) holding an fcntl lock on a file, as {@code FileChannel.lock()} takes
 * it, until closed: what any local user could do to a lock file it can open.
 */
final class FcntlLockHolder implements AutoCloseable {
  private static final String HOLD = "import fcntl, sys\n"
      + "f = open(sys.argv[1], 'a')\n"
      + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
      + "print('held', flush=True)\n"
      + "sys.stdin.read()\n";

  private final Process process;

  private FcntlLockHolder(Process process) {
    this.process = process;
  }

  /** Starts the holder and returns once it holds the lock. */
  static FcntlLockHolder hold(Path file) throws IOException {
    Process process = new ProcessBuilder("/usr/bin/python3", "-c", HOLD, file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"held".equals(line)) {
      process.destroyForcibly();
      throw new IOException("the lock holder did not take " + file + " (said " + line + ")");
    }
    return new FcntlLockHolder(process);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
