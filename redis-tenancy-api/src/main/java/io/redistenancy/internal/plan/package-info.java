/**
 * Plans read from files ({@code NAME.conf}, {@code NAME.json}) behind {@link io.redistenancy.Plans#directory}.
 * {@link io.redistenancy.internal.plan.PlanDirectory} finds and reads files; {@code PlanFile} refuses what no
 * plan needs (size, encoding, control characters) and words every error as {@code FILE:LINE: reason};
 * {@code ConfPlanParser} and {@code JsonPlanParser} share {@code PlanValues}, which feeds the typed
 * {@link io.redistenancy.Plan.Builder}. Not API.
 */
package io.redistenancy.internal.plan;
