package io.redistenancy;

/**
 * A tenant to create: a plan plus overrides ({@link PlanOverrides}), ending in {@link #apply()}. Each
 * override is checked at once. Not thread-safe; one request creates one tenant.
 */
public interface TenantRequest extends PlanOverrides<TenantRequest> {
  /** The plan to start from; {@code default} when not called. */
  TenantRequest plan(String planName);

  /**
   * Lets the new tenant take over keys that already exist under its prefix on a shared server
   * ({@code Backends.sharedServers()}), e.g. kept by {@code delete(Deletion.KEEP_DATA)} of an earlier
   * tenant of the same name, from this home or another. Without it such a create is refused, so a
   * reused name never reads another tenant's data by accident. Other backends ignore it.
   */
  TenantRequest adoptExistingKeys();

  /**
   * Creates the tenant and blocks until it answers {@code PING} with its own credentials on its own
   * endpoint. On any failure nothing is left behind.
   *
   * @throws TenantAlreadyExistsException if the name is taken
   * @throws InvalidRequestException for an unknown plan or an invalid value
   * @throws ProvisioningFailedException if the instance did not come up (with its log tail)
   */
  Tenant apply();
}
