import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type BlobType,
  type ReplicaDemand,
  recommendDefaultReplicaCount,
  recommendReplicas,
  replicaDemandProblems,
  VmAppsValidationError,
} from "../../sdk/core";

const count = fc.nat({ max: 100_000 });
/** A scale-set deployment has at least one instance; 0 is a mistake (tested below). */
const instances = fc.integer({ min: 1, max: 100_000 });
const demand = fc.record(
  { vms: count, scaleSets: fc.array(instances, { maxLength: 8 }), concurrentDownloads: count },
  { requiredKeys: [] },
);
const blobType = fc.constantFrom<BlobType>("block", "page");

describe("core/replicas", () => {
  it("seed 003: 120 VMs at once → 6 replicas on a page blob", () => {
    const r = recommendReplicas({ vms: 120 }, { blobType: "page" });
    assert.equal(r.replicas, 6);
    assert.equal(r.decidedBy, "vms");
    assert.deepEqual(r.reasons, ["120 VMs created at the same time: one replica per 20 VMs → 6."]);
  });

  it("seed 003: five scale sets of 600 → 5 replicas on a page blob", () => {
    const r = recommendReplicas({ scaleSets: [600, 600, 600, 600, 600] }, { blobType: "page" });
    assert.equal(r.replicas, 5);
    assert.equal(r.decidedBy, "scale-sets");
    assert.equal(r.limitedBy, undefined);
  });

  it("a scale set larger than 600 counts ceil(n/600)", () => {
    assert.equal(recommendReplicas({ scaleSets: [601] }, { blobType: "page" }).wanted, 2);
    assert.equal(recommendReplicas({ scaleSets: [1000, 1] }, { blobType: "page" }).wanted, 3);
  });

  it("VMs and scale sets add up, and the reasons say so", () => {
    const r = recommendReplicas({ vms: 150, scaleSets: [900, 900] }, { blobType: "page" });
    assert.equal(r.wanted, 12);
    assert.equal(r.replicas, 10);
    assert.equal(r.limitedBy, "region-max");
    assert.equal(r.decidedBy, "vms-and-scale-sets");
    assert.deepEqual(r.reasons.slice(0, 3), [
      "150 VMs created at the same time: one replica per 20 VMs → 8.",
      "2 scale-set deployments at the same time (900 + 900 instances): one replica per deployment of up to 600 instances → 4.",
      "VMs and scale sets in the same region add up: 8 + 4 → 12.",
    ]);
  });

  it("concurrent downloads set a floor of ceil(n/200)", () => {
    const r = recommendReplicas({ vms: 20, concurrentDownloads: 401 }, { blobType: "page" });
    assert.equal(r.wanted, 3);
    assert.equal(r.decidedBy, "concurrent-downloads");
    const met = recommendReplicas({ vms: 100, concurrentDownloads: 200 }, { blobType: "page" });
    assert.equal(met.wanted, 5);
    assert.equal(met.decidedBy, "vms");
    assert.match(met.reasons[1] ?? "", /already met by 5/);
  });

  it('0 concurrent downloads add no reason (no "at least 0 (already met by 0)")', () => {
    const none = recommendReplicas({ concurrentDownloads: 0 });
    assert.deepEqual(none.reasons, ["Every target region holds at least 1 replica."]);
    assert.equal(none.decidedBy, "minimum");
    const withVms = recommendReplicas({ vms: 40, concurrentDownloads: 0 });
    assert.deepEqual(withVms.reasons, [
      "40 VMs created at the same time: one replica per 20 VMs → 2.",
    ]);
    assert.ok(!withVms.reasons.join(" ").includes("already met"));
  });

  it("never below 1", () => {
    const r = recommendReplicas({});
    assert.deepEqual([r.replicas, r.wanted, r.decidedBy], [1, 1, "minimum"]);
    assert.equal(recommendReplicas({ vms: 0, scaleSets: [] }).replicas, 1);
  });

  it("a block blob caps at 3 and says a page blob would allow up to 10", () => {
    const r = recommendReplicas({ vms: 150 });
    assert.deepEqual(
      [r.replicas, r.wanted, r.blobType, r.limitedBy],
      [3, 8, "block", "block-blob-limit"],
    );
    assert.match(r.reasons.at(-1) ?? "", /page blob would allow up to 10/);
    assert.match(r.reasons.at(-1) ?? "", /multiple of 512 bytes/);
  });

  it("exactly 3 on a block blob is not limited", () => {
    const r = recommendReplicas({ vms: 60 });
    assert.deepEqual([r.replicas, r.limitedBy], [3, undefined]);
  });

  for (const [label, bad, field] of [
    ["negative VMs", { vms: -1 }, "demand.vms"],
    ["fractional VMs", { vms: 1.5 }, "demand.vms"],
    ["NaN downloads", { concurrentDownloads: Number.NaN }, "demand.concurrentDownloads"],
    [
      "infinite downloads",
      { concurrentDownloads: Number.POSITIVE_INFINITY },
      "demand.concurrentDownloads",
    ],
    ["negative scale set", { scaleSets: [600, -5] }, "demand.scaleSets[1]"],
    ["scale sets not a list", { scaleSets: 600 as unknown as number[] }, "demand.scaleSets"],
    ["a scale set of 0 instances", { scaleSets: [600, 0] }, "demand.scaleSets[1]"],
    ["a misspelled figure", { vm: 400 } as ReplicaDemand, "demand.vm"],
  ] as Array<[string, ReplicaDemand, string]>) {
    it(`rejects ${label}, naming ${field}`, () => {
      assert.throws(
        () => recommendReplicas(bad),
        (e: unknown) => e instanceof VmAppsValidationError && e.problems[0]?.field === field,
      );
    });
  }

  it("says a fraction is not a whole number, a 0-instance scale set is no deployment, a typo is unknown", () => {
    const messages = (bad: ReplicaDemand) => replicaDemandProblems(bad).map((p) => p.message);
    assert.deepEqual(messages({ vms: 2.5, concurrentDownloads: 0.5 }), [
      "2.5 is not a whole number.",
      "0.5 is not a whole number.",
    ]);
    assert.match(messages({ scaleSets: [0] })[0] ?? "", /0 instances is not a deployment/);
    const [typo] = replicaDemandProblems({ vm: 400 } as ReplicaDemand, "regions.westeurope.demand");
    assert.deepEqual(
      [typo?.field, typo?.message, typo?.fix],
      [
        "regions.westeurope.demand.vm",
        'unknown key "vm"; it would be ignored.',
        'Did you mean vms? Rename "vm" to "vms".',
      ],
    );
  });

  it("rejects an unknown blob type", () => {
    assert.throws(
      () => recommendReplicas({}, { blobType: "append" as BlobType }),
      (e: unknown) =>
        e instanceof VmAppsValidationError && e.problems[0]?.field === "options.blobType",
    );
  });

  it("property: within 1..limit of the blob type", () => {
    fc.assert(
      fc.property(demand, blobType, (d, type) => {
        const r = recommendReplicas(d, { blobType: type });
        assert.ok(r.replicas >= 1 && r.replicas <= (type === "page" ? 10 : 3));
        assert.ok(r.wanted >= r.replicas);
        assert.equal(r.limitedBy !== undefined, r.wanted > r.replicas);
      }),
    );
  });

  it("property: monotone in every demand figure", () => {
    const grow = fc.record({
      vms: fc.nat(500),
      downloads: fc.nat(5000),
      instances: fc.integer({ min: 1, max: 2000 }),
    });
    fc.assert(
      fc.property(demand, blobType, grow, fc.nat(8), (d, type, more, at) => {
        const base = recommendReplicas(d, { blobType: type });
        const scaleSets = [...(d.scaleSets ?? [])];
        const grown = [
          { ...d, vms: (d.vms ?? 0) + more.vms },
          { ...d, concurrentDownloads: (d.concurrentDownloads ?? 0) + more.downloads },
          { ...d, scaleSets: [...scaleSets, more.instances] },
          {
            ...d,
            scaleSets: scaleSets.map((n, i) =>
              i === at % Math.max(1, scaleSets.length) ? n + more.instances : n,
            ),
          },
        ];
        for (const bigger of grown) {
          const r = recommendReplicas(bigger, { blobType: type });
          assert.ok(r.wanted >= base.wanted && r.replicas >= base.replicas);
        }
      }),
    );
  });

  it("default replica count is the largest regional count clamped to 1..3", () => {
    assert.equal(recommendDefaultReplicaCount([]), 1);
    assert.equal(recommendDefaultReplicaCount([1, 2]), 2);
    assert.equal(recommendDefaultReplicaCount([{ replicas: 8 }, { replicas: 1 }]), 3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 })), (counts) => {
        const n = recommendDefaultReplicaCount(counts);
        assert.ok(Number.isInteger(n) && n >= 1 && n <= 3);
      }),
    );
  });
});
