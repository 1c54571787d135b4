/**
 * The rollout planner and the state machine an engine drives (sdk/core/rollout): property tests
 * over random fleets, concurrency, canary, fail-fast, failures and crashes.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  advance,
  nextStep,
  planRollout,
  type RolloutPlan,
  type RolloutState,
  RolloutStateError,
  type RolloutStep,
  rollbackSet,
  startRollout,
  type TargetResult,
  VmAppsError,
} from "../../sdk/core";

const VERSION = "/sub/app/versions/2.0.0";
const OLD = "/sub/app/versions/1.0.0";

/** Distinct target ids, as ARM compares them (case-insensitively). */
const targets = fc.uniqueArray(fc.stringMatching(/^\/vmss\/[a-z0-9]{1,8}$/), {
  minLength: 0,
  maxLength: 40,
  selector: (id) => id.toLowerCase(),
});
const count = fc.integer({ min: 1, max: 12 });
const percent = fc.integer({ min: 1, max: 100 }).map((p) => `${p}%` as const);

describe("core/rollout: planRollout", () => {
  it("puts every target in exactly one batch, in order, never more than maxConcurrent per batch, the canary alone first", () => {
    fc.assert(
      fc.property(targets, fc.oneof(count, percent), fc.boolean(), (ids, maxConcurrent, canary) => {
        const plan = planRollout({ targets: ids, maxConcurrent, canary });
        assert.deepEqual(
          plan.batches.flatMap((b) => b.targets),
          ids,
        );
        const limit =
          typeof maxConcurrent === "number"
            ? maxConcurrent
            : Math.max(1, Math.floor((Number.parseInt(maxConcurrent, 10) * ids.length) / 100));
        assert.equal(plan.maxConcurrent, limit);
        for (const batch of plan.batches) {
          assert.ok(batch.targets.length >= 1 && batch.targets.length <= limit);
        }
        assert.deepEqual(
          plan.batches.map((b) => b.index),
          plan.batches.map((_, i) => i),
        );
        if (canary && ids.length > 0) {
          assert.deepEqual(plan.batches[0], { index: 0, targets: [ids[0]], canary: true });
        }
        assert.ok(plan.batches.slice(canary ? 1 : 0).every((b) => !b.canary));
        // Batches are full except the last: as few as the limit allows.
        const rest = plan.batches.slice(canary ? 1 : 0);
        assert.ok(rest.slice(0, -1).every((b) => b.targets.length === limit));
      }),
    );
  });

  it("changes a target listed twice (any letter case) once, at its first place, with a warning", () => {
    const plan = planRollout({ targets: ["/a", "/b", "/A", " /b "], maxConcurrent: 10 });
    assert.deepEqual(plan.targets, ["/a", "/b"]);
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.severity]),
      [
        ["targets[2]", "warning"],
        ["targets[3]", "warning"],
      ],
    );
  });

  const invalid: Array<[string, unknown, string]> = [
    ["0", 0, "maxConcurrent"],
    ["a fraction", 1.5, "maxConcurrent"],
    ["a negative count", -2, "maxConcurrent"],
    ["0%", "0%", "maxConcurrent"],
    ["101%", "101%", "maxConcurrent"],
    ["a fractional percent", "12.5%", "maxConcurrent"],
    ["words", "three", "maxConcurrent"],
  ];
  for (const [title, maxConcurrent, field] of invalid) {
    it(`maxConcurrent ${title} is an error and plans no batch`, () => {
      const plan = planRollout({ targets: ["/a"], maxConcurrent: maxConcurrent as number });
      assert.deepEqual(
        plan.problems.map((p) => [p.field, p.severity]),
        [[field, "error"]],
      );
      assert.deepEqual(plan.batches, []);
    });
  }

  it("an empty target is an error; no targets at all a warning", () => {
    assert.deepEqual(
      planRollout({ targets: ["/a", " "], maxConcurrent: 1 }).problems.map((p) => p.field),
      ["targets[1]"],
    );
    const none = planRollout({ targets: [], maxConcurrent: 1 });
    assert.deepEqual(
      none.problems.map((p) => [p.field, p.severity]),
      [["targets", "warning"]],
    );
    assert.deepEqual(none.batches, []);
  });

  it("100% is one batch; 1% of 10 targets is still one target per batch", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `/t${i}`);
    assert.equal(planRollout({ targets: ids, maxConcurrent: "100%" }).batches.length, 1);
    assert.equal(planRollout({ targets: ids, maxConcurrent: "1%" }).batches.length, 10);
  });
});

/** Runs `plan` to the end, answering each step; `crashAt` steps reload the state from JSON. */
function run(
  plan: RolloutPlan,
  outcome: (target: string) => TargetResult,
  recorded: (target: string) => string | null,
  options: { rollbackOnFailure: boolean; crashes?: ReadonlySet<number> },
) {
  let state = startRollout(plan, {
    version: VERSION,
    rollbackOnFailure: options.rollbackOnFailure,
  });
  const steps: RolloutStep[] = [];
  for (let i = 0; i < 1000; i++) {
    if (options.crashes?.has(i)) state = JSON.parse(JSON.stringify(state)) as RolloutState;
    const step = nextStep(state);
    steps.push(step);
    if (step.kind === "done") return { steps, state, done: step };
    if (step.kind === "record") {
      state = advance(state, {
        kind: "recorded",
        versions: Object.fromEntries(step.targets.map((t) => [t, recorded(t)])),
      });
    } else if (step.kind === "apply") {
      state = advance(state, { kind: "batch-started", batch: step.batch });
      // A crash mid-batch: the state says the batch is in flight; the next step runs it again.
      if (options.crashes?.has(-i)) continue;
      state = advance(state, {
        kind: "batch-finished",
        batch: step.batch,
        results: Object.fromEntries(step.targets.map((t) => [t, outcome(t)])),
      });
    } else {
      state = advance(state, { kind: "rolled-back", targets: step.targets.map((t) => t.target) });
    }
  }
  throw new Error("the rollout did not end");
}

const fleet = fc.record({
  ids: targets.filter((ids) => ids.length > 0),
  maxConcurrent: count,
  canary: fc.boolean(),
  failFast: fc.boolean(),
  rollbackOnFailure: fc.boolean(),
  failing: fc.array(fc.nat(), { maxLength: 3 }),
  alreadyThere: fc.array(fc.nat(), { maxLength: 3 }),
  crashes: fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 4 }),
});

describe("core/rollout: executing a plan", () => {
  it("records every target before changing any, applies at most maxConcurrent at a time, and honours canary, failFast and rollback", () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const plan = planRollout({
          targets: f.ids,
          maxConcurrent: f.maxConcurrent,
          canary: f.canary,
          failFast: f.failFast,
        });
        const failing = new Set(f.failing.map((n) => f.ids[n % f.ids.length]));
        const there = new Set(f.alreadyThere.map((n) => f.ids[n % f.ids.length]));
        const { steps, done } = run(
          plan,
          (t) => (failing.has(t) ? "failed" : "succeeded"),
          (t) => (there.has(t) ? VERSION.toUpperCase() : t.endsWith("0") ? null : OLD),
          { rollbackOnFailure: f.rollbackOnFailure, crashes: new Set(f.crashes) },
        );
        assert.equal(steps[0]?.kind, "record");
        const applies = steps.filter((s) => s.kind === "apply");
        for (const apply of applies) assert.ok(apply.targets.length <= f.maxConcurrent);
        // Batches run in order; a batch repeats only when resumed after a crash.
        const firstRuns = applies.filter((a) => !a.resumed).map((a) => a.batch);
        assert.deepEqual(
          firstRuns,
          firstRuns.map((_, i) => i),
        );

        const applied = new Set(applies.flatMap((a) => a.targets));
        const failedBatch = plan.batches.find((b) => b.targets.some((t) => failing.has(t)));
        const stopsAt =
          failedBatch && (failedBatch.canary || f.failFast) ? failedBatch.index : undefined;
        const expectedApplied = plan.batches
          .filter((b) => stopsAt === undefined || b.index <= stopsAt)
          .flatMap((b) => b.targets);
        assert.deepEqual([...applied].sort(), [...expectedApplied].sort());
        if (f.canary && failing.has(f.ids[0] as string)) {
          assert.deepEqual([...applied], [f.ids[0]], "a failed canary touches nothing else");
        }
        assert.deepEqual(done.notStarted.sort(), f.ids.filter((t) => !applied.has(t)).sort());

        const anyFailed = expectedApplied.some((t) => failing.has(t));
        const rollbacks = steps.flatMap((s) => (s.kind === "rollback" ? s.targets : []));
        if (anyFailed && f.rollbackOnFailure) {
          // Everything changed goes back to what it ran before, once; what already ran the
          // version is left alone.
          const changed = expectedApplied.filter((t) => !there.has(t));
          assert.deepEqual(rollbacks.map((r) => r.target).sort(), [...changed].sort());
          for (const r of rollbacks) assert.equal(r.to, r.target.endsWith("0") ? null : OLD);
          assert.equal(done.outcome, "rolled-back");
        } else {
          assert.deepEqual(rollbacks, []);
          assert.equal(done.outcome, anyFailed ? "failed" : "succeeded");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("10 scale sets, maxConcurrent 3, failFast: a failure in batch 2 stops batch 3 and rolls batches 1 and 2 back", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `/vmss/s${i + 1}`);
    const plan = planRollout({ targets: ids, maxConcurrent: 3, failFast: true });
    assert.deepEqual(
      plan.batches.map((b) => b.targets.length),
      [3, 3, 3, 1],
    );
    const { steps, done } = run(
      plan,
      (t) => (t === "/vmss/s5" ? "failed" : "succeeded"),
      () => OLD,
      { rollbackOnFailure: true },
    );
    assert.deepEqual(
      steps.map((s) => s.kind),
      ["record", "apply", "apply", "rollback", "done"],
    );
    const rollback = steps[3];
    assert.ok(rollback?.kind === "rollback");
    assert.deepEqual(
      rollback.targets.map((t) => t.target),
      ids.slice(0, 6),
    );
    assert.deepEqual(done.notStarted, ids.slice(6));
    assert.deepEqual(done.failed, ["/vmss/s5"]);
  });

  it("a resumed batch is the one in flight, and the rollback set then includes it", () => {
    const plan = planRollout({ targets: ["/a", "/b", "/c"], maxConcurrent: 2 });
    let state = startRollout(plan, { version: VERSION });
    state = advance(state, { kind: "recorded", versions: { "/a": OLD, "/b": OLD, "/c": OLD } });
    state = advance(state, { kind: "batch-started", batch: 0 });
    const resumed = nextStep(JSON.parse(JSON.stringify(state)));
    assert.deepEqual(resumed, {
      kind: "apply",
      batch: 0,
      of: 2,
      canary: false,
      targets: ["/a", "/b"],
      resumed: true,
    });
    assert.deepEqual(
      rollbackSet(state).map((t) => t.target),
      ["/a", "/b"],
    );
  });

  it("refuses events that do not fit the state, as VmAppsError with the event as field", () => {
    const plan = planRollout({ targets: ["/a", "/b"], maxConcurrent: 1 });
    const state = startRollout(plan, { version: VERSION });
    const recorded = advance(state, { kind: "recorded", versions: { "/a": OLD, "/b": OLD } });
    const cases: Array<[RolloutState, Parameters<typeof advance>[1], RegExp]> = [
      [state, { kind: "recorded", versions: { "/z": OLD } }, /not a target/],
      [state, { kind: "batch-started", batch: 0 }, /not the next to run \(next: record\)/],
      [recorded, { kind: "batch-started", batch: 1 }, /not the next/],
      [
        recorded,
        { kind: "batch-finished", batch: 0, results: { "/a": "succeeded" } },
        /not started/,
      ],
      [
        advance(recorded, { kind: "batch-started", batch: 0 }),
        { kind: "batch-finished", batch: 0, results: { "/b": "succeeded" } },
        /missing: \/a; not in the batch: \/b/,
      ],
      [recorded, { kind: "rolled-back", targets: ["/a"] }, /nothing to put back/],
    ];
    for (const [from, event, message] of cases) {
      assert.throws(
        () => advance(from, event),
        (error: unknown) =>
          error instanceof RolloutStateError &&
          error instanceof VmAppsError &&
          message.test(error.message) &&
          error.problems[0]?.field === `event ${event.kind}`,
      );
    }
  });

  it("a plan with errors cannot start", () => {
    const plan = planRollout({ targets: ["/a"], maxConcurrent: 0 });
    assert.throws(() => startRollout(plan, { version: VERSION }), VmAppsError);
  });
});
