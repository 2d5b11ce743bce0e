package io.redistenancy.internal.audit;

import io.redistenancy.AuditRecord;
import io.redistenancy.InvalidRequestException;
import java.util.function.Supplier;

/**
 * Who the current thread acts for: set for the length of one call made through a
 * {@link ActingView} (so every operation, the ones added later included, is attributed without
 * passing the actor through every layer), {@value AuditRecord#LIBRARY} otherwise.
 */
public final class Actors {
  private static final int MAX_LENGTH = 200;
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Actors() {}

  public static String current() {
    String actor = CURRENT.get();
    return actor == null ? AuditRecord.LIBRARY : actor;
  }

  /** Runs {@code call} as {@code actor}; nested calls keep the innermost actor and restore the outer one. */
  static <T> T as(String actor, Supplier<T> call) {
    String outer = CURRENT.get();
    CURRENT.set(actor);
    try {
      return call.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The actor's name as given, if it is one: 1 to 200 characters, no control characters. */
  public static String requireValid(String actor) {
    if (actor == null || actor.isBlank() || actor.length() > MAX_LENGTH || actor.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("Actor " + (actor == null ? "null" : "'" + actor.replaceAll("\\p{Cntrl}", "?")
          + "'") + " is not valid: give 1 to " + MAX_LENGTH + " characters without control characters, "
          + "e.g. the frontend's authenticated user name");
    }
    return actor;
  }
}
