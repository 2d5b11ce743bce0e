/**
 * The public API: build a {@link io.redistenancy.RedisTenancy}, create {@link io.redistenancy.Tenant}s
 * from {@link io.redistenancy.Plan}s, connect, resize, stop, start and delete them. Values are
 * immutable; every exception is a {@link io.redistenancy.TenancyException}.
 */
package io.redistenancy;
