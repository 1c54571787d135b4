import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { RegionPlan } from "../../sdk/core";
import { FIXTURES, vmapps } from "./helpers";

describe("vmapps plan of a program using the package's components", () => {
  const dir = join(FIXTURES, "version");
  let report: {
    tree: Array<{ type: string; name: string; children: Array<{ type: string; name: string }> }>;
    versions: Array<{
      application: string;
      version: string;
      location: string;
      blobType: string;
      replicaCount: number;
      regions: RegionPlan[];
      packageBytes: number;
      mediaLink: string;
      cost: { storagePerMonth: number; perRegion: unknown[] };
    }>;
    problems: Array<{ field: string; message: string }>;
  };
  let code: number | null;

  before(() => {
    const run = vmapps(["plan", dir, "--json"]);
    code = run.code;
    report = JSON.parse(run.stdout);
  });

  it("the version component owns its staged package, guard and ARM version", () => {
    const version = report.tree.find((node) => node.type === "vmapps:index:VmApplicationVersion");
    assert.deepEqual(
      version?.children.map((child) => child.type.split(":").pop()),
      ["StagedBlob", "VersionGuard", "GalleryApplicationVersion"],
    );
  });

  it("reports regions in plan order with replicas, source, deciding rule and limit", () => {
    const [version] = report.versions;
    assert.equal(version?.application, "agent");
    assert.equal(version?.version, "1.0.0");
    assert.equal(version?.location, "westeurope");
    assert.equal(version?.blobType, "page");
    assert.equal(version?.replicaCount, 3);
    assert.deepEqual(
      version?.regions.map((r) => [
        r.region,
        r.replicas,
        r.wanted,
        r.source,
        r.decidedBy,
        r.limitedBy ?? null,
      ]),
      [
        ["westeurope", 10, 12, "demand", "vms-and-scale-sets", "region-max"],
        ["eastus", 1, 1, "demand", "scale-sets", null],
        ["northeurope", 2, 2, "explicit", "explicit", null],
      ],
    );
  });

  it("prints the deciding rule in the table: source and rule, explicit once", () => {
    const run = vmapps(["plan", dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Region +Replicas +Wanted +Rule +Limit/);
    assert.match(run.stdout, /westeurope +10 +12 +demand: vms-and-scale-sets +region-max/);
    assert.match(run.stdout, /eastus +1 +1 +demand: scale-sets +—/);
    assert.match(run.stdout, /northeurope +2 +2 +explicit +—/);
  });

  it("prices the package staged offline and keeps the mediaLink secret", () => {
    const [version] = report.versions;
    assert.ok((version?.packageBytes ?? 0) > 0);
    assert.equal(version?.cost.perRegion.length, 3);
    assert.equal(version?.mediaLink, "[secret]");
  });

  it("finds no problem in a valid program, exit 0", () => {
    assert.deepEqual(report.problems, []);
    assert.equal(code, 0);
  });

  it("an invalid version name becomes the component's problem with its fix, exit 1", () => {
    const run = vmapps(["plan", dir, "--json", "--config", "versionName=1.0"]);
    assert.equal(run.code, 1);
    const problems = JSON.parse(run.stdout).problems as Array<{ field: string; fix: string }>;
    assert.ok(
      problems.some((p) => /version|name/.test(p.field) && p.fix.length > 0),
      run.stdout,
    );
  });

  it("a component's warning is a structured problem, and --strict fails on it, exit 1", () => {
    const run = vmapps(["plan", dir, "--json", "--strict", "--config", "versionName=1.0.01"]);
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(
      json.problems.map((p: { resource: string; field: string; severity: string }) => [
        p.resource,
        p.field,
        p.severity,
      ]),
      [["agent-v1", "version", "warning"]],
    );
    assert.match(json.problems[0].fix, /leading zeros/);
    assert.deepEqual(json.summary, { errors: 0, warnings: 1 });
  });
});
