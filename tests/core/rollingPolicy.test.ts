/**
 * A scale set's rolling upgrade policy (sdk/core/rollout/rollingPolicy.ts, scaleSet.ts): every
 * range of Azure's RollingUpgradePolicy at and beyond its bounds, and the mapping from rollout
 * terms (maxConcurrent, failFast, …) onto it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  planRollingUpgradePolicy,
  type RollingUpgradePolicyShape,
  rollingUpgradePolicyProblems,
  type ScaleSetShape,
  scaleSetUpgradeProblems,
} from "../../sdk/core";
import { formatDuration, parseDuration } from "../../sdk/core/rollout/duration";

const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);

describe("core/rollout: Azure's RollingUpgradePolicy ranges", () => {
  const rows: Array<[keyof RollingUpgradePolicyShape, number, number]> = [
    ["maxBatchInstancePercent", 5, 100],
    ["maxUnhealthyInstancePercent", 5, 100],
    ["maxUnhealthyUpgradedInstancePercent", 0, 100],
  ];
  for (const [key, min, max] of rows) {
    it(`${key}: ${min}..${max} whole numbers`, () => {
      // The batch must fit the unhealthy allowance: probe each range with the other out of the way.
      const base: RollingUpgradePolicyShape =
        key === "maxUnhealthyInstancePercent"
          ? { maxBatchInstancePercent: 5 }
          : { maxUnhealthyInstancePercent: 100 };
      for (const ok of [min, max]) {
        assert.deepEqual(rollingUpgradePolicyProblems({ ...base, [key]: ok }), [], `${key} ${ok}`);
      }
      for (const bad of [min - 1, max + 1, 50.5]) {
        assert.deepEqual(
          fields(rollingUpgradePolicyProblems({ ...base, [key]: bad })),
          [`rollingUpgradePolicy.${key}`],
          `${key} ${bad}`,
        );
      }
    });
  }

  it("a batch larger than the unhealthy allowance (given, or Azure's default 20%) is an error naming the health signal", () => {
    assert.deepEqual(
      rollingUpgradePolicyProblems({
        maxBatchInstancePercent: 30,
        maxUnhealthyInstancePercent: 30,
      }),
      [],
    );
    const given = rollingUpgradePolicyProblems({
      maxBatchInstancePercent: 30,
      maxUnhealthyInstancePercent: 25,
    });
    assert.deepEqual(fields(given), ["rollingUpgradePolicy.maxUnhealthyInstancePercent"]);
    assert.match(given[0]?.message ?? "", /health probe .* Application Health extension/);
    const byDefault = rollingUpgradePolicyProblems({ maxBatchInstancePercent: 21 });
    assert.match(byDefault[0]?.message ?? "", /20% .*\(Azure's default\)/);
    assert.deepEqual(rollingUpgradePolicyProblems({ maxUnhealthyInstancePercent: 20 }), []);
    assert.deepEqual(fields(rollingUpgradePolicyProblems({ maxUnhealthyInstancePercent: 10 })), [
      "rollingUpgradePolicy.maxUnhealthyInstancePercent",
    ]);
  });

  it("pauseTimeBetweenBatches is an ISO 8601 duration", () => {
    assert.deepEqual(rollingUpgradePolicyProblems({ pauseTimeBetweenBatches: "PT0S" }), []);
    assert.deepEqual(
      fields(rollingUpgradePolicyProblems({ pauseTimeBetweenBatches: "5 minutes" })),
      ["rollingUpgradePolicy.pauseTimeBetweenBatches"],
    );
  });
});

describe("core/rollout: durations", () => {
  const rows: Array<[unknown, string | undefined]> = [
    [0, "PT0S"],
    [90, "PT1M30S"],
    [3600, "PT1H"],
    [86_400 + 61, "P1DT1M1S"],
    ["pt5m", "PT5M"],
    ["PT0.5S", "PT0.5S"],
    ["P2D", "P2D"],
    [-1, undefined],
    [1.5, undefined],
    ["PT", undefined],
    ["P", undefined],
    ["P1DT", undefined],
    ["P1M", undefined],
    ["P1W", undefined],
    ["P1Y", undefined],
    ["5m", undefined],
    [true, undefined],
  ];
  for (const [value, iso] of rows) {
    it(`${JSON.stringify(value)} → ${iso ?? "a problem"}`, () => {
      const parsed = parseDuration(value, "pause");
      assert.equal(parsed.duration?.iso, iso);
      assert.deepEqual(fields(parsed.problems), iso === undefined ? ["pause"] : []);
    });
  }

  it("calendar units get their own fix", () => {
    assert.match(parseDuration("P1M", "x").problems[0]?.fix ?? "", /no fixed length/);
  });

  it("formats any whole number of seconds as a duration that parses back to it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        const iso = formatDuration(seconds);
        assert.equal(parseDuration(iso, "x").duration?.seconds, seconds);
        assert.equal(parseDuration(seconds, "x").duration?.iso, iso);
      }),
    );
  });
});

describe("core/rollout: rollout terms → rolling upgrade policy", () => {
  it("a count of instances becomes the largest whole percent whose batch holds no more than it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (maxConcurrent, instances) => {
          const plan = planRollingUpgradePolicy({ maxConcurrent, instances });
          const percent = plan.policy.maxBatchInstancePercent;
          if ((maxConcurrent * 100) / instances < 5) {
            assert.deepEqual(fields(plan.problems), ["maxConcurrent"]);
            return;
          }
          assert.deepEqual(plan.problems, []);
          assert.ok(percent !== undefined && percent >= 5 && percent <= 100);
          // Rounded up (however Azure rounds), the batch is within the count.
          assert.ok(Math.ceil((percent * instances) / 100) <= maxConcurrent);
          assert.ok(plan.batchSize !== undefined && plan.batchSize <= maxConcurrent);
          // And no larger percent would be.
          if (percent < 100) assert.ok(((percent + 1) * instances) / 100 > maxConcurrent);
        },
      ),
    );
  });

  const rows: Array<
    [string, Parameters<typeof planRollingUpgradePolicy>[0], RollingUpgradePolicyShape]
  > = [
    [
      "3 of 10",
      { maxConcurrent: 3, instances: 10 },
      { maxBatchInstancePercent: 30, maxUnhealthyInstancePercent: 30 },
    ],
    [
      "3 of 7 rounds down",
      { maxConcurrent: 3, instances: 7 },
      { maxBatchInstancePercent: 42, maxUnhealthyInstancePercent: 42 },
    ],
    [
      "more than the instances is 100%",
      { maxConcurrent: 50, instances: 10 },
      { maxBatchInstancePercent: 100, maxUnhealthyInstancePercent: 100 },
    ],
    [
      "a percent at Azure's default leaves the thresholds",
      { maxConcurrent: "20%" },
      { maxBatchInstancePercent: 20 },
    ],
    ["5% is the floor", { maxConcurrent: "5%" }, { maxBatchInstancePercent: 5 }],
    [
      "failFast: no upgraded instance unhealthy, one batch's worth at most",
      { maxConcurrent: "10%", failFast: true },
      {
        maxBatchInstancePercent: 10,
        maxUnhealthyInstancePercent: 10,
        maxUnhealthyUpgradedInstancePercent: 0,
      },
    ],
    [
      "the other settings map one to one",
      {
        maxConcurrent: "25%",
        pauseBetweenBatches: 120,
        rollbackOnFailure: true,
        prioritizeUnhealthy: false,
        maxSurge: true,
      },
      {
        maxBatchInstancePercent: 25,
        maxUnhealthyInstancePercent: 25,
        pauseTimeBetweenBatches: "PT2M",
        rollbackFailedInstancesOnPolicyBreach: true,
        prioritizeUnhealthyInstances: false,
        maxSurge: true,
      },
    ],
  ];
  for (const [title, input, policy] of rows) {
    it(title, () => {
      const plan = planRollingUpgradePolicy(input);
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(plan.policy, policy);
    });
  }

  const invalid: Array<[string, Parameters<typeof planRollingUpgradePolicy>[0], string[]]> = [
    ["a count without instances", { maxConcurrent: 3 }, ["instances"]],
    ["1 of 100 instances (1%)", { maxConcurrent: 1, instances: 100 }, ["maxConcurrent"]],
    ["4%", { maxConcurrent: "4%" }, ["maxConcurrent"]],
    ["0 instances", { maxConcurrent: 1, instances: 0 }, ["instances"]],
    ["2.5 instances", { maxConcurrent: "20%", instances: 2.5 }, ["instances"]],
    ["maxConcurrent missing", {}, ["maxConcurrent"]],
    ["a bad pause", { maxConcurrent: "20%", pauseBetweenBatches: "1h" }, ["pauseBetweenBatches"]],
  ];
  for (const [title, input, expected] of invalid) {
    it(`${title} → ${expected.join(", ")}`, () => {
      const plan = planRollingUpgradePolicy(input);
      assert.deepEqual(fields(plan.problems), expected);
      assert.deepEqual(plan.policy, {});
    });
  }

  it("the smallest allowed batch is named in the fix", () => {
    const [problem] = planRollingUpgradePolicy({ maxConcurrent: 2, instances: 80 }).problems;
    assert.match(problem?.fix ?? "", /at least 4 of 80 instances/);
  });
});

describe("core/rollout: a scale set in Rolling mode needs a health signal", () => {
  const rolling = { mode: "Rolling", rollingUpgradePolicy: { maxBatchInstancePercent: 20 } };
  const health = { type: "ApplicationHealthLinux" };
  const rows: Array<[string, ScaleSetShape, string[]]> = [
    ["none", { upgradePolicy: rolling, virtualMachineProfile: {} }, ["upgradePolicy.mode"]],
    [
      "an extension of another kind",
      {
        upgradePolicy: rolling,
        virtualMachineProfile: { extensionProfile: { extensions: [{ type: "CustomScript" }] } },
      },
      ["upgradePolicy.mode"],
    ],
    [
      "the health extension",
      {
        upgradePolicy: rolling,
        virtualMachineProfile: { extensionProfile: { extensions: [health] } },
      },
      [],
    ],
    [
      "a load balancer probe",
      {
        upgradePolicy: rolling,
        virtualMachineProfile: { networkProfile: { healthProbe: { id: "/probe" } } },
      },
      [],
    ],
    [
      "a probe with Flexible orchestration",
      {
        orchestrationMode: "Flexible",
        upgradePolicy: rolling,
        virtualMachineProfile: { networkProfile: { healthProbe: { id: "/probe" } } },
      },
      ["upgradePolicy.mode"],
    ],
    [
      "the extension with Flexible orchestration",
      {
        orchestrationMode: "Flexible",
        upgradePolicy: rolling,
        virtualMachineProfile: {
          extensionProfile: { extensions: [{ type: "applicationhealthwindows" }] },
        },
      },
      [],
    ],
    [
      "an extension list still unknown",
      {
        upgradePolicy: rolling,
        virtualMachineProfile: { extensionProfile: { extensions: undefined } },
      },
      [],
    ],
    [
      "Manual mode needs none",
      { upgradePolicy: { mode: "Manual" }, virtualMachineProfile: {} },
      [],
    ],
    [
      "policy ranges are checked too",
      { upgradePolicy: { mode: "Manual", rollingUpgradePolicy: { maxBatchInstancePercent: 2 } } },
      ["upgradePolicy.rollingUpgradePolicy.maxBatchInstancePercent"],
    ],
  ];
  for (const [title, scaleSet, expected] of rows) {
    it(`${title} → ${expected.join(", ") || "no problem"}`, () => {
      const problems = scaleSetUpgradeProblems(scaleSet);
      assert.deepEqual(fields(problems), expected);
      if (expected[0] === "upgradePolicy.mode") {
        assert.match(problems[0]?.message ?? "", /Azure refuses the scale set/);
        assert.match(problems[0]?.fix ?? "", /ApplicationHealthLinux/);
      }
    });
  }
});
