/**
 * rolloutPolicy() on the mocked engine: the upgradePolicy a scale set receives, and every input
 * rule, refused before anything is registered.
 */
import assert from "node:assert/strict";
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { VmAppsComponentError } from "../../sdk/components/errors";
import { type RolloutPolicyArgs, rolloutPolicy } from "../../sdk/components/rollout/rolloutPolicy";
import { PROBLEM_SINK_KEY, type Problem } from "../../sdk/core/shared/problems";
import { freshRuntime, SCALE_SET } from "./harness";

const out = <T>(value: T) => pulumi.output(value) as unknown as T;

describe("rolloutPolicy(): the upgradePolicy a scale set receives", () => {
  it("Rolling mode with the batch percent, fail-fast thresholds, pause and rollback", async () => {
    const h = await freshRuntime();
    new compute.VirtualMachineScaleSet("web", {
      resourceGroupName: "rg",
      sku: { name: "Standard_B1s", capacity: 10 },
      upgradePolicy: rolloutPolicy({
        maxConcurrent: 2,
        instances: 10,
        failFast: true,
        pauseBetweenBatches: "PT1M",
        rollbackOnFailure: true,
        prioritizeUnhealthy: true,
        maxSurge: false,
      }),
    });
    await h.settle();
    assert.deepEqual(h.one(SCALE_SET).inputs.upgradePolicy, {
      mode: "Rolling",
      rollingUpgradePolicy: {
        maxBatchInstancePercent: 20,
        maxUnhealthyInstancePercent: 20,
        maxUnhealthyUpgradedInstancePercent: 0,
        pauseTimeBetweenBatches: "PT1M",
        rollbackFailedInstancesOnPolicyBreach: true,
        prioritizeUnhealthyInstances: true,
        maxSurge: false,
      },
    });
  });

  it("a percent needs no instance count; settings left out keep Azure's defaults", async () => {
    await freshRuntime();
    assert.deepEqual(rolloutPolicy({ maxConcurrent: "10%" }), {
      mode: "Rolling",
      rollingUpgradePolicy: { maxBatchInstancePercent: 10 },
    });
  });
});

describe("rolloutPolicy(): every rule, before anything is registered", () => {
  const rows: Array<[string, RolloutPolicyArgs, string[], RegExp?]> = [
    ["a count without instances", { maxConcurrent: 3 }, ["instances"], /takes a percent/],
    [
      "a count below 5% of the instances",
      { maxConcurrent: 1, instances: 50 },
      ["maxConcurrent"],
      /below 5%/,
    ],
    ["a percent below 5%", { maxConcurrent: "4%" }, ["maxConcurrent"]],
    ["a percent above 100%", { maxConcurrent: "120%" as `${number}%` }, ["maxConcurrent"]],
    ["a count of 0", { maxConcurrent: 0, instances: 10 }, ["maxConcurrent"]],
    ["0 instances", { maxConcurrent: 1, instances: 0 }, ["instances"]],
    [
      "a pause that is not ISO 8601",
      { maxConcurrent: "20%", pauseBetweenBatches: "2 minutes" },
      ["pauseBetweenBatches"],
    ],
    [
      "a negative pause",
      { maxConcurrent: "20%", pauseBetweenBatches: -5 },
      ["pauseBetweenBatches"],
    ],
    [
      "a misspelled key",
      { maxConcurrent: "20%", failfast: true } as never,
      ["failfast"],
      /failFast/,
    ],
    [
      "maxConcurrent as an Output",
      { maxConcurrent: out(3), instances: 10 },
      ["maxConcurrent"],
      /Output/,
    ],
    [
      "instances as a Promise",
      { maxConcurrent: 3, instances: Promise.resolve(10) as never },
      ["instances"],
      /Promise/,
    ],
  ];
  for (const [title, args, fields, text] of rows) {
    it(`${title} → ${fields.join(", ")}`, async () => {
      const h = await freshRuntime();
      let thrown: unknown;
      try {
        rolloutPolicy(args, { name: "web" });
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof VmAppsComponentError, String(thrown));
      assert.match(
        thrown.message,
        /^rolloutPolicy "web" has \d+ problems?; nothing was registered/,
      );
      assert.deepEqual(
        thrown.problems.map((p) => p.field),
        fields,
      );
      if (text) {
        const problem = thrown.problems[0];
        assert.match(`${problem?.message} ${problem?.fix}`, text);
      }
      await h.settle();
      assert.deepEqual(h.resources, []);
    });
  }

  it("under an offline plan: the problems go to the plan and the policy stays unknown", async () => {
    const key = Symbol.for(PROBLEM_SINK_KEY);
    const global = globalThis as Record<symbol, unknown>;
    const sink: Problem[] = [];
    global[key] = sink;
    try {
      await freshRuntime();
      const policy = rolloutPolicy({ maxConcurrent: "1%" }, { name: "web" });
      assert.equal(policy.mode, "Rolling");
      assert.ok(pulumi.Output.isInstance(policy.rollingUpgradePolicy));
      assert.deepEqual(
        sink.map((p) => [p.resource, p.field]),
        [["web", "maxConcurrent"]],
      );
    } finally {
      delete global[key];
    }
  });
});
