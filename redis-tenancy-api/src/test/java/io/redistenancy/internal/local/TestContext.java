package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.BackendContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

/** What the engine would pass: a home with a 0700 {@code local} work directory, recorded events. */
public final class TestContext implements BackendContext {
  // one for the whole test JVM: daemon threads, so it needs no shutdown
  private static final ScheduledExecutorService SCHEDULER = DaemonThreads.scheduler("test", 2);
  private final Path home;
  private final Path work;
  private final String ownerId;
  private final RecordingEvents events = new RecordingEvents();

  TestContext(Path home, String ownerId) {
    this.home = PrivateFiles.directory(home);
    this.work = PrivateFiles.directory(home.resolve("local"));
    this.ownerId = ownerId;
  }

  public TestContext(Path home) {
    this(home, UUID.randomUUID().toString().replace("-", ""));
  }

  /** A second context on the same home, as the next JVM would get (same owner, fresh events). */
  TestContext reopen() {
    return new TestContext(home, ownerId);
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public Path workDirectory() {
    return work;
  }

  @Override
  public String ownerId() {
    return ownerId;
  }

  @Override
  public RecordingEvents events() {
    return events;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }

  /** Opens a local backend as the engine would: through the settings' {@code create}. */
  static LocalBackend open(BackendContext context, Backends.Local settings) {
    return (LocalBackend) settings.create(context);
  }

}
