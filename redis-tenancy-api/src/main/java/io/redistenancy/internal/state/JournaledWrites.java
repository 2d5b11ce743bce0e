package io.redistenancy.internal.state;

import io.redistenancy.internal.Checked;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.CoalescedRun;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State-file writes made durable through the home's {@link StateJournal} and written to their files
 * later: within {@value #FLUSH_DELAY_MILLIS} ms, on {@link #flush()} (which the store calls before any
 * other write or read), on close, and on open after a crash (the journal's entries replayed). Thread-safe.
 */
final class JournaledWrites implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournaledWrites.class);
  static final long FLUSH_DELAY_MILLIS = 200;
  /** What an entry may name: a record or secrets file of a valid tenant name. */
  private static final Pattern STATE_FILE = Pattern.compile("(tenants|secrets)/([a-z0-9-]+)\\.json");

  private final Path home;
  private final StateJournal journal;
  private final ScheduledExecutorService flusher;
  private final CoalescedRun flushSoon;
  /** Files the journal holds newer content for, by path relative to the home; guarded by this. */
  private final Map<String, byte[]> pending = new LinkedHashMap<>();

  /** Opens {@code home/state.journal} and brings the files up to date with what a crash left in it. */
  JournaledWrites(Path home) {
    this.home = home;
    this.journal = StateJournal.open(home.resolve("state.journal"));
    if (!journal.isEmpty()) { // a crash came before the files were written
      for (StateJournal.Entry entry : journal.replay()) {
        pending.put(checkedStateFile(entry.file()), entry.json().getBytes(StandardCharsets.UTF_8));
      }
      flush();
      journal.clear(); // also when its only line was one a crash cut short
    }
    // a thread of its own, not the engine's scheduler: the store opens before it and outlives it
    this.flusher = DaemonThreads.scheduler("state", 1);
    this.flushSoon = new CoalescedRun(flusher, Duration.ofMillis(FLUSH_DELAY_MILLIS), this::flushInBackground);
  }

  private String checkedStateFile(String file) {
    Matcher m = STATE_FILE.matcher(file);
    if (!m.matches()) {
      throw new TenancyException("The state journal in " + home + " names '" + file.replaceAll("\\p{Cntrl}", "?")
          + "', which is not a state file; restore the home from a backup");
    }
    TenantId.of(m.group(2)); // a valid tenant name, or the journal was not written by this library
    return file;
  }

  /** Makes {@code json} the content of {@code file} (relative to the home): durable on return. */
  synchronized void write(String file, byte[] json) {
    journal.append(new StateJournal.Entry(file, new String(json, StandardCharsets.UTF_8)));
    pending.put(file, json);
    flushSoon.request();
  }

  /** Writes what only the journal holds to the files, durably, then empties the journal. */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    DeferredSync files = new DeferredSync();
    try {
      pending.forEach((file, json) -> files.write(home.resolve(file), new String(json, StandardCharsets.UTF_8)));
      files.sync();
    } catch (Checked.IoFailure e) {
      throw new TenancyException("Cannot bring the state files in " + home + " up to date from its journal: "
          + e.getMessage(), e);
    }
    pending.clear();
    journal.clear(); // under this lock: nothing can have been appended meanwhile
  }

  private void flushInBackground() {
    try {
      flush();
    } catch (RuntimeException e) { // the journal still holds the changes; the next write or read tries again
      LOG.warn("Could not bring the state files up to date from the journal: {}", e.getMessage());
    }
  }

  /** Brings the files up to date and closes the journal. */
  @Override
  public synchronized void close() {
    flusher.shutdownNow();
    try {
      flush();
    } finally {
      journal.close();
    }
  }
}
