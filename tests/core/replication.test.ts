import assert from "node:assert/strict";
import fc from "fast-check";
import {
  normalizeRegion,
  planReplication,
  type RegionRequest,
  type ReplicaDemand,
} from "../../sdk/core";

describe("core/replication", () => {
  it("plans the fleet: location first, names normalised, page blob when a region wants > 3", () => {
    const plan = planReplication({
      location: "West Europe",
      regions: {
        eastus: { demand: { scaleSets: [600] } },
        "West Europe": { demand: { vms: 150, scaleSets: [900, 900] } },
        "North Europe": { demand: { vms: 20 } },
      },
    });
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.blobType, "page");
    assert.match(plan.blobTypeReason, /wants 12 replicas/);
    assert.deepEqual(plan.targetRegions, [
      { name: "westeurope", regionalReplicaCount: 10 },
      { name: "eastus", regionalReplicaCount: 1 },
      { name: "northeurope", regionalReplicaCount: 1 },
    ]);
    assert.deepEqual(
      plan.regions.map((r) => [r.region, r.wanted, r.replicas, r.source, r.decidedBy, r.limitedBy]),
      [
        ["westeurope", 12, 10, "demand", "vms-and-scale-sets", "region-max"],
        ["eastus", 1, 1, "demand", "scale-sets", undefined],
        ["northeurope", 1, 1, "demand", "vms", undefined],
      ],
    );
    assert.equal(plan.replicaCount, 3);
  });

  it("stays on a block blob when no region wants more than 3", () => {
    const plan = planReplication({
      location: "eastus",
      regions: { eastus: { demand: { vms: 60 } } },
    });
    assert.equal(plan.blobType, "block");
    assert.equal(plan.regions[0]?.replicas, 3);
  });

  it("adds the location when missing and says why", () => {
    const plan = planReplication({
      location: "China North",
      regions: { chinaeast: { replicas: 2 } },
    });
    assert.deepEqual(
      plan.targetRegions.map((t) => t.name),
      ["chinanorth", "chinaeast"],
    );
    assert.equal(plan.regions[0]?.addedBecauseLocation, true);
    assert.equal(plan.regions[0]?.decidedBy, "minimum");
    assert.equal(plan.regions[1]?.decidedBy, "explicit");
    assert.match(plan.regions[0]?.reasons[0] ?? "", /own location/);
  });

  it("explicit replicas win over demand, and the reasons say so", () => {
    const plan = planReplication({
      location: "eastus",
      regions: { eastus: { replicas: 2, demand: { vms: 200 } } },
    });
    const region = plan.regions[0];
    assert.equal(region?.source, "explicit");
    assert.equal(region?.decidedBy, "explicit");
    assert.equal(region?.replicas, 2);
    assert.match(
      region?.reasons[0] ?? "",
      /2 replicas set explicitly.*would call for 10.*explicit count wins/,
    );
    assert.equal(plan.blobType, "block");
  });

  it("names the demand rule that decided each region, and the minimum where none applies", () => {
    const plan = planReplication({
      location: "eastus",
      regions: {
        eastus: { demand: { vms: 20, concurrentDownloads: 900 } },
        westus: { demand: { vms: 0 } },
        northeurope: {},
        westeurope: { demand: { vms: -1 } },
      },
    });
    assert.deepEqual(
      plan.regions.map((r) => [r.region, r.source, r.decidedBy, r.wanted]),
      [
        ["eastus", "demand", "concurrent-downloads", 5],
        ["westus", "demand", "minimum", 1],
        ["northeurope", "default", "minimum", 1],
        ["westeurope", "default", "minimum", 1],
      ],
    );
  });

  it("explicit replicas above 3 switch to a page blob", () => {
    const plan = planReplication({ location: "eastus", regions: { eastus: { replicas: 7 } } });
    assert.equal(plan.blobType, "page");
    assert.equal(plan.targetRegions[0]?.regionalReplicaCount, 7);
  });

  it("a forced block blob caps at 3, warns, and says a page blob would allow 10", () => {
    const plan = planReplication({
      location: "eastus",
      blobType: "block",
      regions: { eastus: { replicas: 7 }, westus: { demand: { vms: 200 } } },
    });
    assert.equal(plan.blobType, "block");
    assert.deepEqual(
      plan.regions.map((r) => [r.replicas, r.wanted, r.limitedBy]),
      [
        [3, 7, "block-blob-limit"],
        [3, 10, "block-blob-limit"],
      ],
    );
    for (const region of plan.regions) {
      assert.match(region.reasons.at(-1) ?? "", /page blob would allow up to 10/);
    }
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.severity]),
      [
        ["regions.eastus.replicas", "warning"],
        ["regions.westus.demand", "warning"],
      ],
    );
    for (const problem of plan.problems) {
      assert.match(problem.message, /page blob would allow up to 10/);
    }
    assert.match(plan.problems[1]?.message ?? "", /demand calls for 10 replicas/);
  });

  it("a forced block blob warns for demand that wants more than 3, never for 3 or fewer", () => {
    const plan = planReplication({
      location: "eastus",
      blobType: "block",
      regions: {
        eastus: { demand: { vms: 60 } },
        westus: { demand: { scaleSets: [600, 600, 601] } },
      },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.severity]),
      [["regions.westus.demand", "warning"]],
    );
    assert.match(plan.problems[0]?.fix ?? "", /get 4/);
  });

  it("a region listed as undefined is planned like {}, without a crash", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: { westeurope: undefined as unknown as RegionRequest, eastus: {} },
    });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.targetRegions, [
      { name: "westeurope", regionalReplicaCount: 1 },
      { name: "eastus", regionalReplicaCount: 1 },
    ]);
    assert.match(plan.regions[1]?.reasons[0] ?? "", /No replicas or demand given/);
  });

  // Changed with issue 8: null used to be planned like {}, 1 replica without a word.
  it("a region listed as null is an error naming the region, with an entry to write", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: { westeurope: {}, "East US": null as unknown as RegionRequest },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.severity, p.message]),
      [['regions["East US"]', "error", "the entry for East US is null."]],
    );
    assert.match(
      plan.problems[0]?.fix ?? "",
      /Give East US its demand, e\.g\. \{"demand": .*or \{\}/,
    );
  });

  it("replicas of 3.5 or demand of 2.5 VMs are not whole numbers", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: { westeurope: { replicas: 3.5 }, eastus: { demand: { vms: 2.5 } } },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.message]),
      [
        ["regions.westeurope.replicas", "3.5 replicas is not a whole number."],
        ["regions.eastus.demand.vms", "2.5 is not a whole number."],
      ],
    );
  });

  it("a scale set of 0 instances is an error, not a silent 1 replica", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: { westeurope: { demand: { scaleSets: [600, 0] } } },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.severity]),
      [["regions.westeurope.demand.scaleSets[1]", "error"]],
    );
  });

  it("misspelled keys in a region entry or its demand are errors with the key meant, once each", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: {
        westeurope: { demand: { vm: 400 } } as unknown as RegionRequest,
        eastus: { replica: 5 } as unknown as RegionRequest,
        northeurope: { vms: 10 } as unknown as RegionRequest,
        westus: { replicas: 2, demand: { scalesets: [600] } } as unknown as RegionRequest,
      },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.fix]),
      [
        ["regions.westeurope.demand.vm", 'Did you mean vms? Rename "vm" to "vms".'],
        ["regions.eastus.replica", 'Did you mean replicas? Rename "replica" to "replicas".'],
        ["regions.northeurope.vms", 'Move it under demand: {"demand": {"vms": …}}.'],
        [
          "regions.westus.demand.scalesets",
          'Did you mean scaleSets? Rename "scalesets" to "scaleSets".',
        ],
      ],
    );
    assert.ok(plan.problems.every((p) => p.severity === "error"));
  });

  it("a region given a bare number is reported, suggesting { replicas: n }", () => {
    const plan = planReplication({
      location: "eastus",
      regions: { eastus: 3 as unknown as RegionRequest },
    });
    assert.deepEqual(
      plan.problems.map((p) => p.field),
      ["regions.eastus"],
    );
    assert.match(plan.problems[0]?.fix ?? "", /\{ replicas: 3 \}/);
  });

  it("a duplicated region's own problems are reported along with the duplicate", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: {
        westeurope: { replicas: 2 },
        "West Europe": { replicas: 11, storageAccountType: "Standard_GRS" },
        "WEST EUROPE": { demand: { vms: -1 } },
      },
    });
    assert.deepEqual(
      plan.problems.map((p) => p.field),
      [
        'regions["West Europe"]',
        'regions["West Europe"].storageAccountType',
        'regions["West Europe"].replicas',
        'regions["WEST EUROPE"]',
        'regions["WEST EUROPE"].demand.vms',
      ],
    );
    assert.deepEqual(plan.targetRegions, [{ name: "westeurope", regionalReplicaCount: 2 }]);
  });

  it("a region whose demand is invalid says so in its reason", () => {
    const plan = planReplication({
      location: "eastus",
      regions: { eastus: { demand: { vms: -1 } } },
    });
    assert.deepEqual(plan.regions[0]?.reasons, [
      "The demand given is invalid (see the problems): 1 replica, the minimum, until it is fixed.",
    ]);
  });

  it("numbers written as strings are reported as strings, not as out-of-range numbers", () => {
    const plan = planReplication({
      location: "eastus",
      regions: {
        eastus: { replicas: "5" as unknown as number },
        westus: { demand: { vms: "10" as unknown as number } },
        northeurope: { demand: null as unknown as ReplicaDemand },
      },
    });
    assert.deepEqual(
      plan.problems.map((p) => [p.field, p.message, p.fix]),
      [
        [
          "regions.eastus.replicas",
          'replicas must be a number, not the string "5".',
          "Write 5 without quotes.",
        ],
        [
          "regions.westus.demand.vms",
          'A count must be a number, not the string "10".',
          "Write 10 without quotes.",
        ],
        [
          "regions.northeurope.demand",
          "demand must be an object, not null.",
          "Give { vms?, scaleSets?, concurrentDownloads? }, e.g. { vms: 120 }.",
        ],
      ],
    );
  });

  it("reports two spellings of one region, naming both", () => {
    const plan = planReplication({
      location: "westeurope",
      regions: { "West Europe": { replicas: 1 }, westeurope: { replicas: 2 } },
    });
    assert.equal(plan.targetRegions.length, 1);
    const [problem] = plan.problems;
    assert.equal(problem?.field, "regions.westeurope");
    assert.match(problem?.message ?? "", /"West Europe" and "westeurope"/);
  });

  for (const [label, input, field] of [
    ["zero replicas", { eastus: { replicas: 0 } }, "regions.eastus.replicas"],
    ["11 replicas", { eastus: { replicas: 11 } }, "regions.eastus.replicas"],
    ["fractional replicas", { eastus: { replicas: 2.5 } }, "regions.eastus.replicas"],
    ["negative demand", { "East US": { demand: { vms: -3 } } }, 'regions["East US"].demand.vms'],
    [
      "bad storage type",
      { eastus: { storageAccountType: "Standard_GRS" } },
      "regions.eastus.storageAccountType",
    ],
    ["empty region", { " ": { replicas: 1 } }, 'regions[" "]'],
  ] as Array<[string, Record<string, RegionRequest>, string]>) {
    it(`reports ${label} at ${field}`, () => {
      const plan = planReplication({ location: "eastus", regions: input });
      assert.deepEqual(
        plan.problems.map((p) => p.field),
        [field],
      );
    });
  }

  it("reports an unknown forced blob type and a bad version-wide storage type", () => {
    const plan = planReplication({
      location: "eastus",
      regions: {},
      blobType: "append" as "block",
      storageAccountType: "standard_lrs",
    });
    assert.deepEqual(
      plan.problems.map((p) => p.field),
      ["blobType", "storageAccountType"],
    );
    assert.match(plan.problems[1]?.fix ?? "", /Standard_LRS/);
  });

  it("passes storage type and excludeFromLatest through in the ARM shape", () => {
    const plan = planReplication({
      location: "eastus",
      storageAccountType: "Standard_ZRS",
      regions: {
        eastus: {},
        westus: { storageAccountType: "Premium_LRS", excludeFromLatest: true },
      },
    });
    assert.deepEqual(plan.targetRegions, [
      { name: "eastus", regionalReplicaCount: 1, storageAccountType: "Standard_ZRS" },
      {
        name: "westus",
        regionalReplicaCount: 1,
        storageAccountType: "Premium_LRS",
        excludeFromLatest: true,
      },
    ]);
  });

  it("property: location exactly once and first, no duplicates, counts within the blob limit", () => {
    const spelling = fc.constantFrom(
      "eastus",
      "East US",
      "EASTUS",
      "westeurope",
      "West Europe",
      "chinanorth",
      "China North",
    );
    const request = fc.record(
      {
        replicas: fc.integer({ min: 1, max: 10 }),
        demand: fc.record(
          { vms: fc.nat(1000), scaleSets: fc.array(fc.nat(3000), { maxLength: 3 }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        spelling,
        fc.dictionary(spelling, request),
        fc.option(fc.constantFrom("block" as const, "page" as const), { nil: undefined }),
        (location, regions, blobType) => {
          const plan = planReplication({ location, regions, blobType });
          const names = plan.targetRegions.map((t) => t.name);
          assert.equal(names[0], normalizeRegion(location));
          assert.equal(new Set(names).size, names.length);
          assert.deepEqual(
            names,
            plan.regions.map((r) => r.region),
          );
          const limit = plan.blobType === "page" ? 10 : 3;
          for (const t of plan.targetRegions) {
            assert.ok(t.regionalReplicaCount >= 1 && t.regionalReplicaCount <= limit);
          }
          assert.ok(plan.replicaCount >= 1 && plan.replicaCount <= 3);
          for (const region of plan.regions) {
            assert.equal(region.decidedBy === "explicit", region.source === "explicit");
            if (region.source === "default") assert.equal(region.decidedBy, "minimum");
          }
          if (blobType === undefined) {
            assert.equal(plan.blobType, plan.regions.some((r) => r.wanted > 3) ? "page" : "block");
          }
        },
      ),
    );
  });

  it("property: any region entries give a plan and problems, never an exception", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("eastus", "East US", "westus", " ", "x"), fc.anything()),
        fc.option(fc.constantFrom("block" as const, "page" as const), { nil: undefined }),
        (regions, blobType) => {
          const plan = planReplication({
            location: "eastus",
            regions: regions as Record<string, RegionRequest>,
            blobType,
          });
          const limit = plan.blobType === "page" ? 10 : 3;
          for (const t of plan.targetRegions) {
            assert.ok(t.regionalReplicaCount >= 1 && t.regionalReplicaCount <= limit);
          }
          for (const problem of plan.problems) assert.match(problem.field, /^regions/);
        },
      ),
    );
  });

  it("property: an entry's own problems are the same whether or not it repeats a region", () => {
    const request = fc.record(
      {
        replicas: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant("5")),
        demand: fc.record(
          { vms: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constant("10")) },
          { requiredKeys: [] },
        ),
        storageAccountType: fc.constantFrom("Standard_LRS", "Standard_GRS"),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(request, (entry) => {
        const field = 'regions["East US"]';
        const own = (regions: Record<string, RegionRequest>) =>
          planReplication({ location: "westus", regions: regions as Record<string, RegionRequest> })
            .problems.filter((p) => p.field.startsWith(`${field}.`))
            .map((p) => [p.field, p.message, p.severity]);
        const alone = own({ "East US": entry as RegionRequest });
        const repeated = own({ eastus: {}, "East US": entry as RegionRequest });
        assert.deepEqual(repeated, alone);
      }),
    );
  });
});
