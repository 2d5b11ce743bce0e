package io.redistenancy;

/**
 * A change of a tenant's plan and settings, applied by {@link #apply()}: live ({@code CONFIG SET}, no
 * restart, no client disconnected) wherever Redis and the backend allow it. Everything is checked
 * before anything changes; a failure half-way rolls back what was applied. Not thread-safe; one
 * reconfiguration changes one tenant once.
 */
public interface Reconfiguration extends PlanOverrides<Reconfiguration> {
  /**
   * Moves the tenant to another plan: its values replace the tenant's, and the tenant's earlier
   * overrides (and resizes) are dropped; overrides of this reconfiguration apply on top.
   */
  Reconfiguration plan(String planName);

  /**
   * Allows a restart for settings that cannot change on a running instance (e.g. {@code databases});
   * the restart is the last step, and data is kept as the (new) persistence keeps it. Without it such
   * a change is refused and nothing changes.
   */
  Reconfiguration allowRestart();

  /**
   * Applies the change and returns what changed and how. A change to nothing returns an empty report.
   *
   * @throws InvalidRequestException for an unknown plan, a value the backend cannot serve (naming it
   *     and what is allowed), or a restart-only setting without {@link #allowRestart()}; nothing changed
   * @throws TenancyException if applying failed; what was applied was rolled back
   */
  ReconfigureReport apply();
}
