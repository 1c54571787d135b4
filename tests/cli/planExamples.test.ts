import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ROOT, vmapps } from "./helpers";

interface Report {
  project: string;
  resourceCount: number;
  tree: Array<{ type: string; name: string; children: Array<{ type: string }> }>;
  versions: Array<{
    application: string;
    version: string;
    location: string;
    blobType: string;
    regions: Array<{ region: string; replicas: number; source: string; decidedBy: string }>;
    mediaLink: string;
    cost?: { perRegion: unknown[] };
  }>;
  outputs: Record<string, unknown>;
  problems: unknown[];
}

function plan(
  dir: string,
  ...args: string[]
): { code: number | null; report: Report; raw: string } {
  const run = vmapps(["plan", dir, "--json", ...args]);
  assert.doesNotThrow(() => JSON.parse(run.stdout), run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout), raw: run.stdout };
}

const types = (report: Report) => report.tree.map((node) => node.type);

describe("vmapps plan of the examples", () => {
  it("examples/basic (the root project's program): gallery, app, two versions, demand-based replicas", () => {
    const { code, report } = plan(join(ROOT, "examples", "basic"));
    assert.equal(code, 0, JSON.stringify(report.problems));
    assert.equal(report.project, "vmapps-basic");
    assert.deepEqual(types(report), [
      "azure-native:resources:ResourceGroup",
      "vmapps:index:PackageStorage",
      "vmapps:index:AppGallery",
      "vmapps:index:VmApplication",
      "vmapps:index:VmApplicationVersion",
      "vmapps:index:VmApplicationVersion",
    ]);
    assert.deepEqual(
      report.versions.map((v) => `${v.application} ${v.version}`),
      ["hello-vmapps 1.0.0", "hello-vmapps 1.1.0"],
    );
    for (const version of report.versions) {
      assert.equal(version.location, "westeurope");
      assert.equal(version.blobType, "block");
      assert.deepEqual(
        version.regions.map((r) => [r.region, r.replicas, r.source, r.decidedBy]),
        [
          ["westeurope", 2, "demand", "vms"], // 40 VMs → 2
          ["northeurope", 1, "demand", "scale-sets"], // one scale set of 600 → 1
        ],
      );
      assert.equal(version.mediaLink, "[secret]");
      assert.equal(version.cost?.perRegion.length, 2);
    }
  });

  it("the repository root plans the same program as examples/basic", () => {
    const { report } = plan(ROOT);
    assert.equal(report.versions.length, 2);
    assert.equal(report.project, "vmapps-basic");
  });

  it("examples/basic with a location from --config moves every version", () => {
    const { code, report } = plan(ROOT, "--config", "location=swedencentral");
    assert.equal(code, 0);
    assert.deepEqual(
      report.versions.map((v) => v.regions[0]?.region),
      ["swedencentral", "swedencentral"],
    );
  });

  it("examples/windows-msi: one Windows version staged from the .msi file", () => {
    const { code, report } = plan(join(ROOT, "examples", "windows-msi"));
    assert.equal(code, 0, JSON.stringify(report.problems));
    const [version] = report.versions;
    assert.equal(report.versions.length, 1);
    assert.equal(version?.version, "1.0.0");
    assert.ok((version?.regions.length ?? 0) >= 1);
    const versionNode = report.tree.find((n) => n.type === "vmapps:index:VmApplicationVersion");
    assert.ok(versionNode?.children.some((child) => child.type.endsWith(":StagedBlob")));
  });
});
