package io.redistenancy.internal.plan;

import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Plans read from a directory of NAME.conf / NAME.json files. (Stub: being written.) */
public final class PlanDirectory implements PlanCatalog {
  private final Path directory;

  public PlanDirectory(Path directory) {
    this.directory = directory;
  }

  @Override
  public Optional<Plan> find(String name) {
    throw new UnsupportedOperationException("not yet: " + directory);
  }

  @Override
  public Set<String> names() {
    throw new UnsupportedOperationException("not yet: " + directory);
  }
}
