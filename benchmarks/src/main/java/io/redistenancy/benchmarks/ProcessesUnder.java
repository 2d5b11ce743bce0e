package io.redistenancy.benchmarks;

import io.redistenancy.benchmarks.provision.ProcFs;
import java.util.List;

/**
 * Every process that runs in (or whose command line names) a directory of this run (a temporary home): detached
 * instances are no children of this JVM, so this is how a benchmark finds them to measure them, and
 * how it stops whatever is left on failure or Ctrl-C. Closing stops them (SIGTERM, then SIGKILL).
 */
public final class ProcessesUnder implements AutoCloseable {
  private final String directory;

  public ProcessesUnder(String directory) {
    this.directory = directory;
  }

  public List<Long> pids() {
    return ProcFs.pidsUnder(directory);
  }

  @Override
  public void close() {
    Leftovers.stop(pids().stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList());
  }

  @Override
  public String toString() {
    return "processes under " + directory;
  }
}
