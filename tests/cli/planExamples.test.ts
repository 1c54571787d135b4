import { strict as assert } from "node:assert";
import { join } from "node:path";
import { ROOT, vmapps } from "./helpers";

interface Report {
  project: string;
  program?: string;
  projectFile?: string;
  resourceCount: number;
  tree: Array<{ type: string; name: string; children: Array<{ type: string }> }>;
  versions: Array<{
    application: string;
    version: string;
    location: string;
    blobType: string;
    regions: Array<{ region: string; replicas: number; source: string; decidedBy: string }>;
    mediaLink: string;
    packageBytes?: number;
    sourceBlobUrl?: string;
    cost?: { perRegion: unknown[] };
  }>;
  scaleSets: Array<{
    resource: string;
    installs: string[];
    upgradeMode: string;
    instances?: number;
    rolling?: { batchPercent: number; batchSize?: number; batches?: number };
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

/** A read-only SAS URL of a package staged elsewhere (never fetched: the plan is offline). */
const sasUrl = (blob: string) =>
  `https://contosopkgs.blob.core.windows.net/packages/${blob}?sv=2024-11-04&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=bm90LWEtc2ln`;

describe("vmapps plan of the examples", () => {
  it("examples/basic (the root project's program): gallery, app, two versions from two folders, demand-based replicas", () => {
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
    // Each version is staged from its own folder: two packages, two blobs.
    assert.deepEqual(
      report.versions.map((v) => [v.version, v.sourceBlobUrl?.split("/").pop()]),
      [
        ["1.0.0", "app-1.0.0.tar.gz"],
        ["1.1.0", "app.tar.gz"],
      ],
    );
    const [first, second] = report.versions;
    assert.notEqual(first?.sourceBlobUrl, second?.sourceBlobUrl);
    assert.notEqual(first?.packageBytes, second?.packageBytes);
  });

  it("examples/basic takes each version's staged package from its own config key, sized per version", () => {
    const { code, report } = plan(
      join(ROOT, "examples", "basic"),
      "--secret",
      `mediaLink_1_0_0=${sasUrl("app-1.0.0.tar.gz")}`,
      "--secret",
      `mediaLink=${sasUrl("app.tar.gz")}`,
      "--package-bytes",
      "1.0.0=1000",
      "--package-bytes",
      "hello-vmapps-1-1-0=2000",
    );
    assert.equal(code, 0, JSON.stringify(report.problems));
    const staged = report.tree
      .flatMap((node) => node.children)
      .filter((c) => /StagedBlob/.test(c.type));
    assert.deepEqual(staged, [], "nothing is staged when both packages are given");
    assert.deepEqual(
      report.versions.map((v) => [v.version, v.packageBytes, v.mediaLink]),
      [
        ["1.0.0", 1000, "[secret]"],
        ["1.1.0", 2000, "[secret]"],
      ],
    );
  });

  it("--package-bytes for a version the program does not declare is a usage error, exit 2", () => {
    const run = vmapps(["plan", join(ROOT, "examples", "basic"), "--package-bytes", "1.2.0=5"]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--package-bytes 1\.2\.0=5: the program declares no version 1\.2\.0/);
    assert.match(run.stderr, /1\.0\.0, 1\.1\.0/);
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
    // Titled by the folder planned, saying whose Pulumi.yaml it borrowed.
    assert.equal(report.program, join("examples", "windows-msi"));
    assert.equal(report.projectFile, join(ROOT, "Pulumi.yaml"));
    const [version] = report.versions;
    assert.equal(report.versions.length, 1);
    assert.equal(version?.version, "1.0.0");
    assert.ok((version?.regions.length ?? 0) >= 1);
    const versionNode = report.tree.find((n) => n.type === "vmapps:index:VmApplicationVersion");
    assert.ok(versionNode?.children.some((child) => child.type.endsWith(":StagedBlob")));
  });

  it("examples/rollout: a scale set installing 1.1.0, a change rolled out one instance in four at a time", () => {
    const { code, report } = plan(join(ROOT, "examples", "rollout"));
    assert.equal(code, 0, JSON.stringify(report.problems));
    assert.equal(report.project, "vmapps-rollout");
    assert.ok(types(report).includes("azure-native:compute:VirtualMachineScaleSet"));
    const [scaleSet] = report.scaleSets;
    assert.equal(scaleSet?.resource, "web");
    assert.deepEqual(
      scaleSet?.installs.map((id) => id.split("/").slice(-3).join("/")),
      ["hello-vmapps/versions/1.1.0"],
    );
    assert.equal(scaleSet?.upgradeMode, "Rolling");
    assert.deepEqual(
      scaleSet?.rolling && [
        scaleSet.rolling.batchPercent,
        scaleSet.rolling.batchSize,
        scaleSet.rolling.batches,
      ],
      [25, 1, 4],
    );
    assert.deepEqual(report.outputs.installs, ["1.1.0"]);
  });

  it("examples/rollout with rolledBack: the scale set goes back to 1.0.0", () => {
    const back = plan(join(ROOT, "examples", "rollout"), "--config", "rolledBack=true");
    assert.equal(back.code, 0, JSON.stringify(back.report.problems));
    assert.deepEqual(back.report.outputs.installs, ["1.0.0"]);
  });
});
