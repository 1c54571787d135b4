/**
 * The batches a rollout runs: every target once, in the order given, at most `maxConcurrent` at a
 * time; with `canary`, the first target alone first, so one target proves the version before any
 * other changes. Targets are resource ids (VMs, scale sets), compared as ARM compares ids.
 */
import { error, type Problem, warning } from "../shared/problems";
import { concurrentCount, type MaxConcurrent, parseMaxConcurrent } from "./concurrency";

export interface RolloutPlanInput {
  /** Resource ids of the VMs and scale sets to change, in the order to change them. */
  targets: readonly string[];
  /** Targets changed at once: a count, or a percent of the targets (rounded down, at least 1). */
  maxConcurrent: MaxConcurrent;
  /** Change the first target alone first, and go on only if it succeeds. @default false */
  canary?: boolean;
  /** Start nothing more once a target fails. @default false */
  failFast?: boolean;
}

export interface RolloutBatch {
  /** 0-based position among the batches. */
  index: number;
  targets: string[];
  /** True for the canary batch (the first, of one target). */
  canary: boolean;
}

export interface RolloutPlan {
  /** Every target once, in order (a repeated id is kept at its first place). */
  targets: string[];
  batches: RolloutBatch[];
  /** Targets per batch after a percent is applied; 0 when `maxConcurrent` is invalid. */
  maxConcurrent: number;
  canary: boolean;
  failFast: boolean;
  /** Empty batches and problems when `maxConcurrent` or a target is invalid. */
  problems: Problem[];
}

export function planRollout(input: RolloutPlanInput): RolloutPlan {
  const canary = input.canary === true;
  const failFast = input.failFast === true;
  const problems: Problem[] = [];
  const targets: string[] = [];
  const firstAt = new Map<string, number>();
  input.targets.forEach((target, index) => {
    const field = `targets[${index}]`;
    if (typeof target !== "string" || target.trim() === "") {
      problems.push(error(field, "A target is empty.", "Give each target's resource id."));
      return;
    }
    const key = target.trim().toLowerCase();
    const first = firstAt.get(key);
    if (first !== undefined) {
      problems.push(
        warning(
          field,
          `This target is already listed at targets[${first}]; it is changed once.`,
          "List each VM or scale set once.",
        ),
      );
      return;
    }
    firstAt.set(key, index);
    targets.push(target.trim());
  });
  if (input.targets.length === 0) {
    problems.push(
      warning(
        "targets",
        "There are no targets: nothing would change.",
        "Give the VMs or scale sets to roll out to.",
      ),
    );
  }
  const { concurrency, problems: concurrencyProblems } = parseMaxConcurrent(
    input.maxConcurrent,
    "maxConcurrent",
  );
  problems.push(...concurrencyProblems);
  const plan = { targets, canary, failFast, problems };
  if (concurrency === undefined || problems.some((p) => p.severity === "error")) {
    return { ...plan, batches: [], maxConcurrent: 0 };
  }
  const size = concurrentCount(concurrency, targets.length);
  const batches: RolloutBatch[] = [];
  const rest = [...targets];
  if (canary && rest.length > 0) {
    batches.push({ index: 0, targets: rest.splice(0, 1), canary: true });
  }
  while (rest.length > 0) {
    batches.push({ index: batches.length, targets: rest.splice(0, size), canary: false });
  }
  return { ...plan, batches, maxConcurrent: size };
}
