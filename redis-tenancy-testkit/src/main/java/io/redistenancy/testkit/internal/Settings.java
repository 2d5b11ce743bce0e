package io.redistenancy.testkit.internal;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.testkit.BackendChoice;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import io.redistenancy.testkit.Scope;
import java.util.Objects;

/**
 * What one injection point asked for: the class's {@link RedisTenancyTest} values overridden one by
 * one by the point's {@link IsolatedRedis}, then the testkit defaults. Values, so they key pools.
 */
record Settings(Scope scope, Isolation isolation, String id, BackendRequest backend, PlanRequest plan) {

  /** Where instances run, as asked (AUTO is resolved by {@link BackendResolver}). */
  record BackendRequest(BackendChoice choice, String binary, String image, String plansDirectory, boolean tcp) {}

  /** The plan and its overrides; empty strings and nulls mean "the plan's own value". */
  record PlanRequest(String plan, MemorySize maxMemory, EvictionPolicy evictionPolicy, Persistence persistence,
      int databases, Access access, ClientAuth clientAuth) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(plan.isEmpty() ? "default plan" : "plan " + plan);
      if (maxMemory != null) {
        b.append(", maxmemory ").append(maxMemory);
      }
      if (evictionPolicy != null) {
        b.append(", ").append(evictionPolicy.redisName());
      }
      if (persistence != null) {
        b.append(", persistence ").append(persistence);
      }
      if (databases > 0) {
        b.append(", databases ").append(databases);
      }
      if (access != null) {
        b.append(", access ").append(access);
      }
      if (clientAuth != null) {
        b.append(", client auth ").append(clientAuth);
      }
      return b.toString();
    }
  }

  /** The key of the lease in a JUnit store: FLUSHED servers are one per settings, whatever the scope or id. */
  Object leaseKey() {
    return isolation == Isolation.FLUSHED
        ? new LeaseKey(null, isolation, "", backend, plan)
        : new LeaseKey(scope, isolation, id, backend, plan);
  }

  private record LeaseKey(Scope scope, Isolation isolation, String id, BackendRequest backend, PlanRequest plan) {}

  /**
   * Merges the class annotation (may be null) and the point's (may be null).
   *
   * @param staticField whether the point is a static field (its default scope is CLASS)
   */
  static Settings of(RedisTenancyTest type, IsolatedRedis point, boolean staticField, String where) {
    Scope scope = first(where, "scope", point == null ? null : point.scope(), type == null ? null : type.scope(),
        staticField ? Scope.CLASS : Scope.METHOD);
    if (staticField && scope == Scope.METHOD) {
      throw new InvalidRequestException(where + ": a static field is shared by every test of the class, so its "
          + "scope cannot be METHOD; use scope = Scope.CLASS or Scope.RUN, or make the field non-static");
    }
    Isolation isolation = first(where, "isolation", point == null ? null : point.isolation(),
        type == null ? null : type.isolation(), Isolation.DEDICATED);
    BackendChoice choice = first(where, "backend", point == null ? null : point.backend(),
        type == null ? null : type.backend(), BackendChoice.AUTO);
    String image = text(point == null ? "" : point.image(), type == null ? "" : type.image());
    String binary = text(point == null ? "" : point.redisBinary(), type == null ? "" : type.redisBinary());
    if (choice == BackendChoice.LOCAL && !image.isEmpty()) {
      throw new InvalidRequestException(where + ": image '" + image + "' is given with backend LOCAL; an image "
          + "needs backend DOCKER (or AUTO)");
    }
    if (choice == BackendChoice.DOCKER && !binary.isEmpty()) {
      throw new InvalidRequestException(where + ": redisBinary '" + binary + "' is given with backend DOCKER; "
          + "a binary needs backend LOCAL (or AUTO)");
    }
    String plans = type == null ? "" : type.plans();
    String planName = text(point == null ? "" : point.plan(), type == null ? "" : type.plan());
    if (!planName.isEmpty() && plans.isEmpty()) {
      throw new InvalidRequestException(where + ": plan '" + planName + "' needs a plan directory: add "
          + "@RedisTenancyTest(plans = \"classpath:your/plans\") (or a path) to the test class");
    }
    String maxMemoryText = text(point == null ? "" : point.maxMemory(), type == null ? "" : type.maxMemory());
    MemorySize maxMemory = maxMemoryText.isEmpty() ? null : MemorySize.parse(maxMemoryText);
    EvictionPolicy policy = first(where, "evictionPolicy", point == null ? null : point.evictionPolicy(),
        type == null ? null : type.evictionPolicy(), null);
    Persistence persistence = first(where, "persistence", point == null ? null : point.persistence(),
        type == null ? null : type.persistence(), null);
    int databases = point != null && point.databases() != 0 ? point.databases() : type == null ? 0 : type.databases();
    if (databases < 0) {
      throw new InvalidRequestException(where + ": databases " + databases + " is negative; use 1 to 1024, or 0 "
          + "for the plan's");
    }
    Access access = first(where, "access", point == null ? null : point.access(),
        type == null ? null : type.access(), null);
    ClientAuth clientAuth = first(where, "clientAuth", point == null ? null : point.clientAuth(),
        type == null ? null : type.clientAuth(), null);
    if (clientAuth == ClientAuth.REQUIRED && (access == null || !access.usesTls())) {
      throw new InvalidRequestException(where + ": clientAuth REQUIRED needs TLS; add access = Access.TLS_ONLY "
          + "(or DUAL)");
    }
    if (choice == BackendChoice.AUTO && !image.isEmpty()) {
      choice = BackendChoice.DOCKER;
    }
    return new Settings(scope, isolation, point == null ? "" : point.id(),
        new BackendRequest(choice, binary, image, plans, access != null && access.usesTls()),
        new PlanRequest(planName, maxMemory, policy, persistence, databases, access, clientAuth));
  }

  private static <T> T first(String where, String attribute, T[] point, T[] type, T fallback) {
    T chosen = fallback;
    for (T[] values : java.util.Arrays.asList(type, point)) {
      if (values == null || values.length == 0) {
        continue;
      }
      if (values.length > 1) {
        throw new InvalidRequestException(where + ": " + attribute + " has " + values.length
            + " values; give at most one");
      }
      chosen = Objects.requireNonNull(values[0], attribute);
    }
    return chosen;
  }

  private static String text(String point, String type) {
    return !point.isBlank() ? point.trim() : type.trim();
  }
}
