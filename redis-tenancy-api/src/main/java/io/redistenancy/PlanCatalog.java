package io.redistenancy;

import java.util.ArrayList;
import java.util.List;
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

  /**
   * Every problem with the catalog's plans now, one message each (for files {@code FILE:LINE: reason});
   * empty when every plan is valid. {@link RedisTenancy.Builder#build()} refuses a catalog with
   * problems, listing them all, so a broken plan is found when the tenancy is built rather than at the
   * first create. The default looks up each of {@link #names()}.
   */
  default List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (String name : names()) {
      try {
        find(name);
      } catch (InvalidRequestException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }
}
