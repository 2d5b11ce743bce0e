/**
 * Desired state under the home: {@link io.redistenancy.internal.state.StateStore} (tenant records,
 * secrets, the home file; atomic 0600 writes), {@code StateJournal} and
 * {@code JournaledWrites} (a create's writes made durable by one appended
 * line), and the records themselves ({@link io.redistenancy.internal.state.TenantRecord},
 * {@link io.redistenancy.internal.state.PlanRecord}, {@link io.redistenancy.internal.state.Secrets}).
 */
package io.redistenancy.internal.state;
