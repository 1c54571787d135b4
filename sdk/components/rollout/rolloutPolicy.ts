/**
 * `rolloutPolicy()`: a scale set's `upgradePolicy` in Rolling mode, from how a rollout is meant to
 * go (at most N instances at once, stop at the first failure, roll failed instances back).
 * Changing an application version in the scale set's profile is then rolled out by Azure in
 * batches under this policy.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MaxConcurrent } from "../../core/rollout/concurrency";
import {
  planRollingUpgradePolicy,
  type RollingUpgradePolicyShape,
} from "../../core/rollout/rollingPolicy";
import { objectShape, unknownKeyProblems } from "../../core/shared/keys";
import { ComponentProblems } from "../errors";
import { unknownOutput } from "../shared/late";
import { firstPlainProblems, plain } from "../shared/plain";

/**
 * How a scale set takes a change of its model (a new application version, image, extension):
 * in batches, judged by its health signal.
 *
 * **Rolling mode needs a health signal**: a load balancer health probe
 * (`virtualMachineProfile.networkProfile.healthProbe`, Uniform orchestration only) or the
 * Application Health extension (`ApplicationHealthLinux` / `ApplicationHealthWindows`) in the
 * scale set's own model; without one Azure refuses the scale set. The signal is also what
 * "unhealthy" means to `failFast` and `rollbackOnFailure`: an install that fails while the
 * health probe still answers counts as healthy, so let the health endpoint reflect the
 * application (and set `treatFailureAsDeploymentFailure`, the default of `applicationProfile()`).
 * `vmapps plan` reports a Rolling scale set declared without one.
 * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-configure-rolling-upgrades
 * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-health-extension
 */
export interface RolloutPolicyArgs {
  /**
   * Instances upgraded at once: a count (`3`, with `instances`) or a percent of the scale set
   * (`"20%"`). Azure takes a percent, 5 to 100: a count becomes the largest whole percent whose
   * batch holds no more than it (3 of 10 → 30%), and one below 5% is refused.
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
   */
  maxConcurrent: MaxConcurrent;
  /**
   * The scale set's instance count (its `sku.capacity`), needed when `maxConcurrent` is a count.
   * The percent is computed from it once: after scaling, a batch holds that percent of the new
   * count.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#sku
   */
  instances?: number;
  /**
   * Stop after the first batch in which an upgraded instance turns unhealthy
   * (`maxUnhealthyUpgradedInstancePercent: 0`, and no more instances unhealthy than one batch).
   * Without it, Azure's thresholds (20%) apply, raised to the batch size when a batch is larger.
   * @default false
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
   */
  failFast?: boolean;
  /**
   * Wait between batches: whole seconds (`90`) or an ISO 8601 duration (`"PT5M"`).
   * @default Azure's, 0 seconds
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
   */
  pauseBetweenBatches?: number | string;
  /**
   * Return failed instances to the previous model (the previous application version) when the
   * policy is breached (`rollbackFailedInstancesOnPolicyBreach`).
   * @default false (Azure's)
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
   */
  rollbackOnFailure?: boolean;
  /**
   * Upgrade unhealthy instances before healthy ones (`prioritizeUnhealthyInstances`).
   * @default false (Azure's)
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#rollingupgradepolicy
   */
  prioritizeUnhealthy?: boolean;
  /**
   * Create new instances with the new model for each batch and delete the old ones, instead of
   * upgrading in place (`maxSurge`; a preview feature Azure asks to register:
   * `MaxSurgeRollingUpgrade`). New instances need quota and subnet addresses.
   * @default false (Azure's)
   * @see https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-maxsurge
   */
  maxSurge?: boolean;
}

/** How `rolloutPolicy()` names itself in problem reports. */
export interface RolloutPolicyOptions {
  /** Names this policy in problems and errors. @default "rolloutPolicy" */
  name?: string;
}

/** The value for a scale set's `upgradePolicy`. */
export interface RolloutUpgradePolicy {
  mode: "Rolling";
  rollingUpgradePolicy: pulumi.Input<RollingUpgradePolicyShape>;
}

const SUBJECT = "rolloutPolicy";

const KNOWN_FIRST = {
  why: "the policy is computed and checked before anything is registered",
};

/** Every key; all plain: the policy is a value in the scale set's arguments, computed now. */
export const ROLLOUT_POLICY_ARGS = objectShape<RolloutPolicyArgs>({
  maxConcurrent: plain(KNOWN_FIRST),
  instances: plain(KNOWN_FIRST),
  failFast: plain(KNOWN_FIRST),
  pauseBetweenBatches: plain(KNOWN_FIRST),
  rollbackOnFailure: plain(KNOWN_FIRST),
  prioritizeUnhealthy: plain(KNOWN_FIRST),
  maxSurge: plain(KNOWN_FIRST),
});

/**
 * A scale set's `upgradePolicy`: Rolling mode with the `rollingUpgradePolicy` for these settings,
 * Azure's ranges checked (batch 5–100%, unhealthy thresholds, the pause an ISO 8601 duration).
 * Problems throw one `VmAppsComponentError` before anything is registered.
 * @example
 * upgradePolicy: rolloutPolicy({ maxConcurrent: 2, instances: 10, failFast: true, pauseBetweenBatches: "PT1M" })
 * // → { mode: "Rolling", rollingUpgradePolicy: { maxBatchInstancePercent: 20,
 * //      maxUnhealthyInstancePercent: 20, maxUnhealthyUpgradedInstancePercent: 0, pauseTimeBetweenBatches: "PT1M" } }
 */
export function rolloutPolicy(
  args: RolloutPolicyArgs,
  options: RolloutPolicyOptions = {},
): RolloutUpgradePolicy {
  const report = new ComponentProblems(SUBJECT, options.name ?? SUBJECT);
  const early = firstPlainProblems(args, ROLLOUT_POLICY_ARGS);
  const planned = early ? undefined : planRollingUpgradePolicy(args ?? {});
  const failed = report.stopBeforeRegistering(
    early ?? [...unknownKeyProblems(args, ROLLOUT_POLICY_ARGS), ...(planned?.problems ?? [])],
  );
  report.registered();
  if (failed || planned === undefined)
    return { mode: "Rolling", rollingUpgradePolicy: unknownOutput() };
  return { mode: "Rolling", rollingUpgradePolicy: planned.policy };
}
