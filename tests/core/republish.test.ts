import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeRegion } from "../../sdk/core/shared/regions";
import {
  type RegionReplicationState,
  replicationStatusOf,
} from "../../sdk/core/shared/status/replicationStatus";
import {
  planRepublish,
  REPUBLISH_STRATEGIES,
  type TargetRegionEntry,
} from "../../sdk/core/shared/status/republish";

const targets: TargetRegionEntry[] = [
  { name: "West Europe", regionalReplicaCount: 3, storageAccountType: "Standard_LRS" },
  { name: "East US", regionalReplicaCount: 2, storageAccountType: "Standard_ZRS" },
  { name: "Japan East", excludeFromLatest: false },
];

function input(states: RegionReplicationState[], allow = true) {
  return {
    location: "westeurope",
    targetRegions: targets,
    allowDeletionOfReplicatedLocations: allow,
    status: replicationStatusOf({
      summary: targets.map((t, i) => ({ region: t.name, state: states[i] })),
    }),
  };
}

describe("core/status/republish", () => {
  it("identical: one step with the very list Azure holds", () => {
    const plan = planRepublish(input(["Completed", "Failed", "Completed"]), "identical");
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.failed, ["eastus"]);
    assert.deepEqual(plan.steps, [{ action: "retry", targetRegions: targets }]);
    assert.notEqual(plan.steps[0]?.targetRegions[0], targets[0], "a copy, not the caller's entry");
  });

  it("readd: removes the failed regions, then adds them back with their original entries", () => {
    const plan = planRepublish(input(["Completed", "Failed", "Failed"]), "readd");
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.steps, [
      { action: "remove", targetRegions: [targets[0]] },
      { action: "add", targetRegions: targets },
    ]);
  });

  it("readd is refused when deletion of replicated locations is not allowed, saying so", () => {
    const plan = planRepublish(input(["Completed", "Failed", "Completed"], false), "readd");
    assert.deepEqual(plan.steps, []);
    assert.equal(plan.problems[0]?.field, "safetyProfile.allowDeletionOfReplicatedLocations");
    assert.match(
      plan.problems[0]?.message ?? "",
      /does not allow deletion of replicated locations/,
    );
    assert.match(plan.problems[0]?.fix ?? "", /without --readd/);
  });

  it("readd is refused for the version's own location, which must stay a target", () => {
    const plan = planRepublish(input(["Failed", "Completed", "Completed"]), "readd");
    assert.deepEqual(plan.steps, []);
    assert.match(plan.problems[0]?.message ?? "", /own location westeurope failed/);
    assert.deepEqual(
      planRepublish(input(["Failed", "Completed", "Completed"]), "identical").problems,
      [],
    );
  });

  it("nothing failed: no step and no problem", () => {
    for (const strategy of REPUBLISH_STRATEGIES) {
      const plan = planRepublish(input(["Completed", "Completed", "Completed"]), strategy);
      assert.deepEqual([plan.steps, plan.problems], [[], []]);
    }
  });

  it("refuses while a region replicates, and when the status is unknown", () => {
    const replicating = planRepublish(input(["Replicating", "Failed", "Completed"]), "identical");
    assert.deepEqual(replicating.steps, []);
    assert.match(replicating.problems[0]?.fix ?? "", /vmapps status --watch/);
    const unknown = planRepublish(
      { ...input(["Completed", "Failed", "Completed"]), status: replicationStatusOf(undefined) },
      "identical",
    );
    assert.deepEqual(unknown.steps, []);
    assert.equal(unknown.problems.length, 1);
  });

  it("a failed region the version does not list is refused: its settings are not known", () => {
    const plan = planRepublish(
      {
        ...input(["Completed", "Completed", "Completed"]),
        status: replicationStatusOf({
          summary: [
            { region: "West Europe", state: "Completed" },
            { region: "Brazil South", state: "Failed" },
          ],
        }),
      },
      "readd",
    );
    assert.deepEqual(plan.steps, []);
    assert.match(plan.problems[0]?.message ?? "", /Brazil South is not among/);
  });

  const REGIONS = ["westeurope", "eastus", "northeurope", "japaneast", "brazilsouth"];
  const versions = fc
    .uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: REGIONS.length })
    .chain((names) =>
      fc.record({
        targetRegions: fc.tuple(
          ...names.map((name) =>
            fc.record(
              {
                name: fc.constant(name),
                regionalReplicaCount: fc.integer({ min: 1, max: 10 }),
                storageAccountType: fc.constantFrom("Standard_LRS", "Standard_ZRS", "Premium_LRS"),
              },
              { requiredKeys: ["name"], noNullPrototype: true },
            ),
          ),
        ),
        states: fc.array(fc.constantFrom<RegionReplicationState>("Completed", "Failed"), {
          minLength: names.length,
          maxLength: names.length,
        }),
        allow: fc.boolean(),
        locationIndex: fc.nat({ max: names.length - 1 }),
        strategy: fc.constantFrom(...REPUBLISH_STRATEGIES),
      }),
    );

  it("property: completed regions are never touched; the last list is the original one", () => {
    fc.assert(
      fc.property(versions, ({ targetRegions, states, allow, locationIndex, strategy }) => {
        const location = targetRegions[locationIndex]?.name as string;
        const status = replicationStatusOf({
          summary: targetRegions.map((t, i) => ({ region: t.name, state: states[i] })),
        });
        const plan = planRepublish(
          { location, targetRegions, allowDeletionOfReplicatedLocations: allow, status },
          strategy,
        );
        const failed = targetRegions.filter((_, i) => states[i] === "Failed");
        if (failed.length === 0 || plan.problems.length > 0) {
          assert.deepEqual(plan.steps, []);
          return;
        }
        assert.deepEqual(plan.steps.at(-1)?.targetRegions, targetRegions);
        for (const step of plan.steps) {
          // Every completed region keeps its entry, and the location is always a target.
          for (const [i, entry] of targetRegions.entries()) {
            if (states[i] !== "Completed") continue;
            assert.ok(step.targetRegions.some((e) => JSON.stringify(e) === JSON.stringify(entry)));
          }
          assert.ok(step.targetRegions.some((e) => normalizeRegion(e.name) === location));
          // Nothing else is in a list: each entry is one of the original ones.
          for (const entry of step.targetRegions) {
            assert.ok(targetRegions.some((t) => JSON.stringify(t) === JSON.stringify(entry)));
          }
        }
        if (strategy === "readd") {
          assert.ok(allow);
          assert.deepEqual(
            plan.steps[0]?.targetRegions.map((e) => e.name),
            targetRegions.filter((_, i) => states[i] === "Completed").map((e) => e.name),
          );
        }
      }),
    );
  });
});
