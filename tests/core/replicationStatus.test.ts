import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  type AzureReplicationStatus,
  REGION_REPLICATION_STATES,
  REPLICATION_EXIT_CODES,
  type RegionReplicationState,
  replicationStatusOf,
  statusSummary,
  VERSION_REPLICATION_STATES,
  versionStateOf,
} from "../../sdk/core/shared/status/replicationStatus";

const EXAMPLES = join(__dirname, "..", "arm", "specs", "examples");
const example = (file: string) =>
  JSON.parse(readFileSync(join(EXAMPLES, file), "utf8")).responses["200"].body.properties;

const REGIONS = ["westeurope", "eastus", "northeurope", "West US", "japaneast", "brazilsouth"];

/** A summary whose regions are distinct, each in one of Azure's states (any case). */
const summaries = fc
  .uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: REGIONS.length })
  .chain((regions) =>
    fc.tuple(
      fc.constant(regions),
      fc.array(fc.constantFrom(...REGION_REPLICATION_STATES), {
        minLength: regions.length,
        maxLength: regions.length,
      }),
      fc.array(fc.option(fc.integer({ min: -20, max: 140 }), { nil: undefined }), {
        minLength: regions.length,
        maxLength: regions.length,
      }),
    ),
  )
  .map(([regions, states, progress]) =>
    regions.map((region, i) => ({
      region,
      state: states[i] as RegionReplicationState,
      progress: progress[i],
      details: states[i] === "Failed" ? "copy failed" : "",
    })),
  );

describe("core/status/replicationStatus", () => {
  it("reads Azure's published examples: an application and an image version, all completed", () => {
    const application = example("GalleryApplicationVersion_Get_WithReplicationStatus.json");
    assert.deepEqual(replicationStatusOf(application.replicationStatus), {
      state: "Available",
      regions: [{ region: "West US", state: "Completed", progress: 100, details: "" }],
    });
    const image = example("GalleryImageVersion_Get_WithReplicationStatus.json");
    const status = replicationStatusOf(
      image.replicationStatus,
      image.publishingProfile.targetRegions,
    );
    assert.equal(status.state, "Available");
    assert.deepEqual(
      status.regions.map((r) => r.region),
      ["West US", "East US"],
    );
  });

  const table: Array<[string, RegionReplicationState[], string]> = [
    ["all completed", ["Completed", "Completed"], "Available"],
    ["one failed, one completed", ["Completed", "Failed"], "PartiallyAvailable"],
    ["all failed", ["Failed", "Failed"], "Failed"],
    ["one replicating wins over a failure", ["Replicating", "Failed", "Completed"], "Replicating"],
    ["failed and unknown, none completed", ["Failed", "Unknown"], "Failed"],
    ["completed and unknown", ["Completed", "Unknown"], "Unknown"],
    ["no region", [], "Unknown"],
  ];
  for (const [name, states, expected] of table) {
    it(`${name} → ${expected}`, () => {
      assert.equal(versionStateOf(states.map((state) => ({ state }))), expected);
    });
  }

  it("no status at all (offline, or no $expand) is Unknown, listing the target regions", () => {
    const status = replicationStatusOf(undefined, [{ name: "westeurope" }, { name: "eastus" }]);
    assert.deepEqual(status, {
      state: "Unknown",
      regions: [
        { region: "westeurope", state: "Unknown", details: "" },
        { region: "eastus", state: "Unknown", details: "" },
      ],
    });
  });

  it("an empty summary falls back on Azure's aggregate, never to Available", () => {
    const of = (aggregatedState: string) => replicationStatusOf({ aggregatedState, summary: [] });
    assert.equal(of("InProgress").state, "Replicating");
    assert.equal(of("Failed").state, "Failed");
    assert.equal(of("Completed").state, "Unknown");
    assert.equal(of("Unknown").state, "Unknown");
  });

  it("a target region Azure does not list yet is Unknown, whatever its spelling", () => {
    const status = replicationStatusOf(
      { summary: [{ region: "West Europe", state: "Completed", progress: 100 }] },
      [{ name: "westeurope" }, { name: "eastus" }],
    );
    assert.deepEqual(
      status.regions.map((r) => [r.region, r.state]),
      [
        ["West Europe", "Completed"],
        ["eastus", "Unknown"],
      ],
    );
    assert.equal(status.state, "Unknown");
  });

  it("an unrecognised region state reads as Unknown; states are matched case-insensitively", () => {
    const status = replicationStatusOf({
      summary: [
        { region: "a", state: "completed" },
        { region: "b", state: "Paused" },
      ],
    });
    assert.deepEqual(
      status.regions.map((r) => r.state),
      ["Completed", "Unknown"],
    );
  });

  it("every state has its own exit code; Available alone is 0, and 1 and 2 stay free", () => {
    const codes = VERSION_REPLICATION_STATES.map((state) => REPLICATION_EXIT_CODES[state]);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(REPLICATION_EXIT_CODES.Available, 0);
    assert.ok(codes.every((code) => code !== 1 && code !== 2));
  });

  it("property: the state follows the documented rules for any summary", () => {
    fc.assert(
      fc.property(summaries, (summary) => {
        const status = replicationStatusOf({ aggregatedState: "Unknown", summary });
        const states = summary.map((entry) => entry.state);
        const has = (state: RegionReplicationState) => states.includes(state);
        const expected = has("Replicating")
          ? "Replicating"
          : states.every((s) => s === "Completed")
            ? "Available"
            : has("Failed")
              ? has("Completed")
                ? "PartiallyAvailable"
                : "Failed"
              : "Unknown";
        assert.equal(status.state, expected);
        assert.equal(status.regions.length, summary.length);
        for (const region of status.regions) {
          if (region.progress !== undefined) {
            assert.ok(region.progress >= 0 && region.progress <= 100);
          }
        }
      }),
    );
  });

  it("property: every target region appears once; Azure's regions keep their order", () => {
    fc.assert(
      fc.property(summaries, fc.subarray(REGIONS), (summary, targets) => {
        const azure: AzureReplicationStatus = { summary };
        const status = replicationStatusOf(
          azure,
          targets.map((name) => ({ name })),
        );
        assert.deepEqual(
          status.regions.slice(0, summary.length).map((r) => r.region),
          summary.map((s) => s.region),
        );
        const names = status.regions.map((r) => r.region.replace(/\s+/g, "").toLowerCase());
        assert.equal(new Set(names).size, names.length);
        for (const target of targets) {
          assert.ok(names.includes(target.replace(/\s+/g, "").toLowerCase()));
        }
      }),
    );
  });

  it("summarises counts in one line", () => {
    const status = replicationStatusOf({
      summary: [
        { region: "a", state: "Completed" },
        { region: "b", state: "Completed" },
        { region: "c", state: "Failed" },
      ],
    });
    assert.equal(statusSummary(status), "PartiallyAvailable: 2 of 3 regions completed, 1 failed");
  });
});
