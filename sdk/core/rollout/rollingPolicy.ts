/**
 * A scale set's rolling upgrade policy: Azure's ranges for an ARM-shaped `rollingUpgradePolicy`,
 * and the mapping from rollout terms (at most N instances at once, stop at the first failure,
 * roll failed instances back) to it.
 * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-configure-rolling-upgrades
 * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
 */
import { integerProblems, isKnown } from "../shared/fields";
import {
  ROLLING_BATCH_PERCENT_MAX,
  ROLLING_BATCH_PERCENT_MIN,
  ROLLING_DEFAULT_PERCENT,
  ROLLING_UNHEALTHY_PERCENT_MAX,
  ROLLING_UNHEALTHY_PERCENT_MIN,
  ROLLING_UNHEALTHY_UPGRADED_PERCENT_MAX,
  ROLLING_UNHEALTHY_UPGRADED_PERCENT_MIN,
} from "../shared/limits";
import { error, type Problem } from "../shared/problems";
import { parseMaxConcurrent } from "./concurrency";
import { parseDuration } from "./duration";

/** `upgradePolicy.rollingUpgradePolicy` of a scale set (azure-native shape). */
export interface RollingUpgradePolicyShape {
  maxBatchInstancePercent?: number;
  maxUnhealthyInstancePercent?: number;
  maxUnhealthyUpgradedInstancePercent?: number;
  pauseTimeBetweenBatches?: string;
  prioritizeUnhealthyInstances?: boolean;
  rollbackFailedInstancesOnPolicyBreach?: boolean;
  maxSurge?: boolean;
  enableCrossZoneUpgrade?: boolean;
}

/**
 * Where a scale set's health comes from in Rolling mode: Azure refuses the mode without one and
 * judges every batch by it. Written into the messages where the health signal matters.
 */
export const HEALTH_SIGNAL_NOTE =
  "Rolling mode judges instances by the scale set's health signal: a load balancer health probe (networkProfile.healthProbe, Uniform orchestration only) or the Application Health extension.";

/**
 * Azure's ranges: batch 5..100 %, unhealthy instances 5..100 %, unhealthy upgraded instances
 * 0..100 % (REST spec 2024-11-01); a batch no larger than the unhealthy instances allowed (an
 * instance being upgraded counts as unhealthy, so a larger batch breaks the policy at once;
 * Azure Batch's RollingUpgradePolicy states the rule); the pause an ISO 8601 duration.
 */
export function rollingUpgradePolicyProblems(
  policy: RollingUpgradePolicyShape,
  field = "rollingUpgradePolicy",
): Problem[] {
  const at = (key: string) => `${field}.${key}`;
  const problems = [
    ...integerProblems(
      policy.maxBatchInstancePercent,
      ROLLING_BATCH_PERCENT_MIN,
      ROLLING_BATCH_PERCENT_MAX,
      at("maxBatchInstancePercent"),
      "maxBatchInstancePercent",
    ),
    ...integerProblems(
      policy.maxUnhealthyInstancePercent,
      ROLLING_UNHEALTHY_PERCENT_MIN,
      ROLLING_UNHEALTHY_PERCENT_MAX,
      at("maxUnhealthyInstancePercent"),
      "maxUnhealthyInstancePercent",
    ),
    ...integerProblems(
      policy.maxUnhealthyUpgradedInstancePercent,
      ROLLING_UNHEALTHY_UPGRADED_PERCENT_MIN,
      ROLLING_UNHEALTHY_UPGRADED_PERCENT_MAX,
      at("maxUnhealthyUpgradedInstancePercent"),
      "maxUnhealthyUpgradedInstancePercent",
    ),
  ];
  if (isKnown(policy.pauseTimeBetweenBatches)) {
    problems.push(
      ...parseDuration(policy.pauseTimeBetweenBatches, at("pauseTimeBetweenBatches")).problems,
    );
  }
  if (problems.length > 0) return problems;
  const batch = policy.maxBatchInstancePercent ?? ROLLING_DEFAULT_PERCENT;
  const unhealthy = policy.maxUnhealthyInstancePercent ?? ROLLING_DEFAULT_PERCENT;
  if (isKnown(policy.maxBatchInstancePercent) || isKnown(policy.maxUnhealthyInstancePercent)) {
    if (batch > unhealthy) {
      problems.push(
        error(
          at("maxUnhealthyInstancePercent"),
          `A batch of ${batch}% is larger than the ${unhealthy}% of instances allowed to be unhealthy${isKnown(policy.maxUnhealthyInstancePercent) ? "" : " (Azure's default)"}; instances being upgraded count as unhealthy, so the upgrade would stop in its first batch. ${HEALTH_SIGNAL_NOTE}`,
          `Set maxUnhealthyInstancePercent to at least ${batch}, or lower maxBatchInstancePercent.`,
        ),
      );
    }
  }
  return problems;
}

/** A rollout as the user thinks of it, to be mapped onto a rolling upgrade policy. */
export interface RollingRolloutInput {
  /** Instances upgraded at once: a count (needs `instances`) or a percent, e.g. "20%". */
  maxConcurrent?: unknown;
  /** The scale set's instance count (sku.capacity). */
  instances?: unknown;
  failFast?: boolean;
  /** Whole seconds or an ISO 8601 duration. */
  pauseBetweenBatches?: unknown;
  rollbackOnFailure?: boolean;
  prioritizeUnhealthy?: boolean;
  maxSurge?: boolean;
}

export interface RollingPolicyPlan {
  policy: RollingUpgradePolicyShape;
  /**
   * Instances per batch at most, when `instances` is known: the percent of them rounded up, a
   * bound whichever way Azure rounds (for a count, never more than the count).
   */
  batchSize?: number;
  problems: Problem[];
}

/**
 * The rolling upgrade policy for a rollout:
 * - `maxConcurrent` → `maxBatchInstancePercent`. A count of `instances` becomes the largest whole
 *   percent whose batch holds no more than that count (3 of 10 → 30%, 3 of 7 → 42%), since Azure
 *   takes a percent; below Azure's 5% it cannot be honoured and is an error.
 * - `failFast: true` → no upgraded instance may be unhealthy (`maxUnhealthyUpgradedInstancePercent`
 *   0) and no more instances unhealthy than one batch (`maxUnhealthyInstancePercent` = the batch
 *   percent): the upgrade stops after the first batch with a failed instance. Otherwise Azure's
 *   20% thresholds, raised to the batch percent when a batch is larger (else every batch breaks
 *   the policy).
 * - `rollbackOnFailure` → `rollbackFailedInstancesOnPolicyBreach`; `prioritizeUnhealthy` →
 *   `prioritizeUnhealthyInstances`; `maxSurge` → `maxSurge`; `pauseBetweenBatches` (seconds or
 *   ISO 8601) → `pauseTimeBetweenBatches`. Settings left out keep Azure's defaults.
 * Problems name the rollout's fields (`maxConcurrent`, `instances`, …).
 */
export function planRollingUpgradePolicy(input: RollingRolloutInput): RollingPolicyPlan {
  const problems: Problem[] = [];
  const instances = isKnown(input.instances) ? input.instances : undefined;
  const count =
    Number.isSafeInteger(instances) && (instances as number) >= 1
      ? (instances as number)
      : undefined;
  if (instances !== undefined && count === undefined) {
    problems.push(
      error(
        "instances",
        `instances is ${JSON.stringify(instances)}; it must be a whole number, 1 or more.`,
        "Set instances to the scale set's capacity (sku.capacity).",
      ),
    );
  }
  const { concurrency, problems: concurrencyProblems } = parseMaxConcurrent(
    input.maxConcurrent,
    "maxConcurrent",
  );
  problems.push(...concurrencyProblems);
  let batchPercent: number | undefined;
  if (concurrency?.percent !== undefined) {
    batchPercent = concurrency.percent;
    if (batchPercent < ROLLING_BATCH_PERCENT_MIN)
      problems.push(belowMinimum(`${batchPercent}%`, count));
  } else if (concurrency?.count !== undefined) {
    if (count === undefined && instances === undefined) {
      problems.push(
        error(
          "instances",
          `maxConcurrent ${concurrency.count} is a count of instances, and Azure's rolling upgrade takes a percent of the scale set: its instance count is needed.`,
          'Set instances to the scale set\'s capacity (sku.capacity), or give maxConcurrent as a percent, e.g. "20%".',
        ),
      );
    } else if (count !== undefined) {
      batchPercent = Math.min(100, Math.floor((concurrency.count * 100) / count));
      if (batchPercent < ROLLING_BATCH_PERCENT_MIN) {
        problems.push(belowMinimum(`${concurrency.count} of ${count} instances`, count));
      }
    }
  }
  const pause = isKnown(input.pauseBetweenBatches)
    ? parseDuration(input.pauseBetweenBatches, "pauseBetweenBatches")
    : undefined;
  problems.push(...(pause?.problems ?? []));
  if (problems.length > 0 || batchPercent === undefined) return { policy: {}, problems };

  const policy: RollingUpgradePolicyShape = { maxBatchInstancePercent: batchPercent };
  if (input.failFast === true) {
    policy.maxUnhealthyInstancePercent = batchPercent;
    policy.maxUnhealthyUpgradedInstancePercent = 0;
  } else if (batchPercent > ROLLING_DEFAULT_PERCENT) {
    policy.maxUnhealthyInstancePercent = batchPercent;
  }
  if (pause?.duration) policy.pauseTimeBetweenBatches = pause.duration.iso;
  if (input.rollbackOnFailure !== undefined) {
    policy.rollbackFailedInstancesOnPolicyBreach = input.rollbackOnFailure;
  }
  if (input.prioritizeUnhealthy !== undefined) {
    policy.prioritizeUnhealthyInstances = input.prioritizeUnhealthy;
  }
  if (input.maxSurge !== undefined) policy.maxSurge = input.maxSurge;
  return {
    policy,
    ...(count !== undefined && { batchSize: Math.ceil((batchPercent * count) / 100) }),
    problems: rollingUpgradePolicyProblems(policy),
  };
}

function belowMinimum(what: string, instances: number | undefined): Problem {
  const smallest =
    instances === undefined
      ? ""
      : ` (at least ${Math.ceil((ROLLING_BATCH_PERCENT_MIN * instances) / 100)} of ${instances} instances)`;
  return error(
    "maxConcurrent",
    `${what} is below ${ROLLING_BATCH_PERCENT_MIN}%, the smallest batch Azure's rolling upgrade takes (maxBatchInstancePercent ${ROLLING_BATCH_PERCENT_MIN}..${ROLLING_BATCH_PERCENT_MAX}).`,
    `Allow at least ${ROLLING_BATCH_PERCENT_MIN}% at once${smallest}.`,
  );
}
