/**
 * Running a rollout plan, as a pure state machine an engine drives: `nextStep(state)` says what
 * to do (record the versions targets run now, change one batch, put versions back, or stop), the
 * engine does it and reports an event, and `advance(state, event)` returns the next state. The
 * state is plain JSON: an engine saves it after every event and, after a crash, resumes from it
 * (a batch that was started and not finished is run again; setting a version twice is harmless).
 *
 * - Each target's current version is recorded before anything changes.
 * - Batches run in plan order; the canary batch failing stops the rollout whatever `failFast`
 *   says, and with `failFast` a failed target anywhere stops it: no batch starts after that.
 * - With `rollbackOnFailure`, a failed rollout puts the recorded version back on every target it
 *   changed (succeeded or failed); a target that already ran the new version is left alone.
 */
import { error, type Problem, VmAppsError } from "../shared/problems";
import type { RolloutBatch, RolloutPlan } from "./batches";

export type TargetResult = "succeeded" | "failed";

export interface RolloutState {
  /** Resource id of the version rolled out. */
  version: string;
  batches: RolloutBatch[];
  failFast: boolean;
  rollbackOnFailure: boolean;
  /** Each target's version before the rollout (its id), null when none was installed. */
  recorded: Record<string, string | null>;
  /** Result of every target of every finished batch. */
  results: Record<string, TargetResult>;
  /** Batches finished, in order. */
  finished: number;
  /** The batch started and not finished yet, if any. */
  inFlight: number | null;
  /** Why no further batch starts, once one failed. */
  stopped: "failure" | "canary-failure" | null;
  /** Targets whose recorded version was put back. */
  restored: string[];
}

export type RolloutStep =
  | { kind: "record"; targets: string[] }
  | {
      kind: "apply";
      /** 0-based batch index, of `of` batches. */
      batch: number;
      of: number;
      canary: boolean;
      targets: string[];
      /** True when the batch was started before (the engine stopped mid-batch): run it again. */
      resumed: boolean;
    }
  | { kind: "rollback"; targets: RollbackTarget[] }
  | ({ kind: "done" } & RolloutSummary);

/** A target to put back, and the version to put back (null: remove the application). */
export interface RollbackTarget {
  target: string;
  to: string | null;
}

export interface RolloutSummary {
  outcome: "succeeded" | "failed" | "rolled-back";
  succeeded: string[];
  failed: string[];
  /** Targets of batches never started. */
  notStarted: string[];
  restored: string[];
}

export type RolloutEvent =
  | { kind: "recorded"; versions: Record<string, string | null> }
  | { kind: "batch-started"; batch: number }
  | { kind: "batch-finished"; batch: number; results: Record<string, TargetResult> }
  | { kind: "rolled-back"; targets: string[] };

/** An event that does not fit the state: a defect in the engine driving the rollout. */
export class RolloutStateError extends VmAppsError {
  constructor(event: RolloutEvent["kind"], message: string) {
    const problem: Problem = error(
      `event ${event}`,
      message,
      "Report the event nextStep asked for, for the targets it named.",
    );
    super(`Rollout event ${event}: ${message}`, [problem]);
    this.name = "RolloutStateError";
  }
}

/** The state before anything ran. A plan with errors cannot run. */
export function startRollout(
  plan: RolloutPlan,
  options: { version: string; rollbackOnFailure?: boolean },
): RolloutState {
  const errors = plan.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) throw new VmAppsError("The rollout plan has errors.", errors);
  return {
    version: options.version,
    batches: plan.batches,
    failFast: plan.failFast,
    rollbackOnFailure: options.rollbackOnFailure === true,
    recorded: {},
    results: {},
    finished: 0,
    inFlight: null,
    stopped: null,
    restored: [],
  };
}

const targetsOf = (state: RolloutState) => state.batches.flatMap((batch) => batch.targets);
const sameVersion = (a: string | null, b: string) =>
  a?.trim().toLowerCase() === b.trim().toLowerCase();

export function nextStep(state: RolloutState): RolloutStep {
  const unrecorded = targetsOf(state).filter((target) => !Object.hasOwn(state.recorded, target));
  if (unrecorded.length > 0) return { kind: "record", targets: unrecorded };
  const next = state.inFlight ?? state.finished;
  const batch = state.batches[next];
  if (state.stopped === null && batch !== undefined) {
    return {
      kind: "apply",
      batch: next,
      of: state.batches.length,
      canary: batch.canary,
      targets: [...batch.targets],
      resumed: state.inFlight !== null,
    };
  }
  const summary = summarize(state);
  if (summary.failed.length > 0 && state.rollbackOnFailure) {
    const pending = rollbackSet(state);
    if (pending.length > 0) return { kind: "rollback", targets: pending };
  }
  return { kind: "done", ...summary };
}

/**
 * What putting the recorded versions back means now: every target changed (a finished batch, or
 * the batch in flight, which may have changed before a stop), not restored yet, that did not
 * already run the version. Also what an engine restores when a rollout is deleted or rolled
 * back on request.
 */
export function rollbackSet(state: RolloutState): RollbackTarget[] {
  const inFlight = state.inFlight === null ? [] : (state.batches[state.inFlight]?.targets ?? []);
  const touched = [...Object.keys(state.results), ...inFlight];
  return touched
    .filter((target) => !state.restored.includes(target))
    .filter((target) => !sameVersion(state.recorded[target] ?? null, state.version))
    .map((target) => ({ target, to: state.recorded[target] ?? null }));
}

function summarize(state: RolloutState): RolloutSummary {
  const results = Object.entries(state.results);
  const failed = results.filter(([, result]) => result === "failed").map(([target]) => target);
  const started = new Set(state.batches.slice(0, state.finished).flatMap((b) => b.targets));
  return {
    outcome: failed.length === 0 ? "succeeded" : state.rollbackOnFailure ? "rolled-back" : "failed",
    succeeded: results.filter(([, result]) => result === "succeeded").map(([target]) => target),
    failed,
    notStarted: targetsOf(state).filter((target) => !started.has(target)),
    restored: [...state.restored],
  };
}

export function advance(state: RolloutState, event: RolloutEvent): RolloutState {
  const refuse = (message: string): never => {
    throw new RolloutStateError(event.kind, message);
  };
  const targets = new Set(targetsOf(state));
  switch (event.kind) {
    case "recorded": {
      const strangers = Object.keys(event.versions).filter((target) => !targets.has(target));
      if (strangers.length > 0) refuse(`${strangers.join(", ")} is not a target of this rollout.`);
      return { ...state, recorded: { ...state.recorded, ...event.versions } };
    }
    case "batch-started": {
      const step = nextStep(state);
      if (step.kind !== "apply" || step.batch !== event.batch) {
        refuse(`batch ${event.batch} is not the next to run (next: ${describe(step)}).`);
      }
      return { ...state, inFlight: event.batch };
    }
    case "batch-finished": {
      if (state.inFlight !== event.batch) refuse(`batch ${event.batch} was not started.`);
      const batch = state.batches[event.batch] as RolloutBatch;
      const reported = Object.keys(event.results);
      const missing = batch.targets.filter((target) => !reported.includes(target));
      const extra = reported.filter((target) => !batch.targets.includes(target));
      if (missing.length > 0 || extra.length > 0) {
        refuse(
          `the results must name exactly the batch's targets (missing: ${missing.join(", ") || "none"}; not in the batch: ${extra.join(", ") || "none"}).`,
        );
      }
      const failed = Object.values(event.results).includes("failed");
      const stopped = !failed
        ? state.stopped
        : batch.canary
          ? "canary-failure"
          : state.failFast
            ? "failure"
            : state.stopped;
      return {
        ...state,
        results: { ...state.results, ...event.results },
        finished: event.batch + 1,
        inFlight: null,
        stopped,
      };
    }
    case "rolled-back": {
      const pending = new Set(rollbackSet(state).map((entry) => entry.target));
      const unexpected = event.targets.filter((target) => !pending.has(target));
      if (unexpected.length > 0) refuse(`${unexpected.join(", ")} had nothing to put back.`);
      return { ...state, restored: [...state.restored, ...event.targets] };
    }
  }
}

function describe(step: RolloutStep): string {
  return step.kind === "apply" ? `batch ${step.batch}` : step.kind;
}
