package io.redistenancy;

import java.util.Optional;
import java.util.Set;

/**
 * Where a tenancy looks plans up by name. Implementations must be thread-safe. Get one from
 * {@link Plans}.
 */
public interface PlanCatalog {
  /**
   * The plan of that name, if the catalog has it.
   *
   * @throws InvalidRequestException if the plan exists but its definition is invalid (naming file,
   *     line and reason)
   */
  Optional<Plan> find(String name);

  /** The names of the plans this catalog has now. */
  Set<String> names();
}
