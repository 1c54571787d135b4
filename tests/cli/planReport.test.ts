import { strict as assert } from "node:assert";
import { packageBytesFlags } from "../../sdk/cli/commands/plan";
import { CliError } from "../../sdk/cli/errors";
import type { OfflineResource } from "../../sdk/cli/offline/engine";
import { planLines } from "../../sdk/cli/plan/render";
import { ARM_VERSION, buildPlanReport } from "../../sdk/cli/plan/report";
import { bufferIo } from "../../sdk/cli/render/output";

/** A version declared with azure-native directly: the plan reads its target regions from ARM. */
function armVersion(publishingProfile: Record<string, unknown>): OfflineResource {
  return {
    urn: "urn:pulumi:dev::raw::azure-native:compute:GalleryApplicationVersion::raw",
    type: ARM_VERSION,
    name: "raw",
    custom: true,
    inputs: {
      galleryApplicationName: "agent",
      galleryApplicationVersionName: "1.0.0",
      location: "westeurope",
      publishingProfile: {
        source: { mediaLink: "https://example.blob.core.windows.net/p/agent.tar.gz" },
        manageActions: { install: "install.sh", remove: "remove.sh" },
        ...publishingProfile,
      },
    },
    outputs: {},
  };
}

function reportOf(publishingProfile: Record<string, unknown>) {
  return buildPlanReport({
    project: "raw",
    stack: "dev",
    resources: [armVersion(publishingProfile)],
    stackOutputs: {},
    problems: [],
    warnings: [],
  });
}

describe("plan report of a version declared with azure-native directly", () => {
  it("a regionalReplicaCount or a version-wide replicaCount is explicit; neither is the minimum", () => {
    const regions = (profile: Record<string, unknown>) =>
      reportOf(profile).versions[0]?.regions.map((r) => [
        r.region,
        r.replicas,
        r.source,
        r.decidedBy,
      ]);
    const targetRegions = [{ name: "westeurope", regionalReplicaCount: 2 }, { name: "eastus" }];
    assert.deepEqual(regions({ targetRegions, replicaCount: 3 }), [
      ["westeurope", 2, "explicit", "explicit"],
      ["eastus", 3, "default", "explicit"],
    ]);
    assert.deepEqual(regions({ targetRegions }), [
      ["westeurope", 2, "explicit", "explicit"],
      ["eastus", 1, "default", "minimum"],
    ]);
  });

  it("prints the rule once when it is the source, else source and rule", () => {
    const report = reportOf({
      targetRegions: [{ name: "westeurope", regionalReplicaCount: 2 }, { name: "eastus" }],
    });
    const text = planLines(bufferIo(), report).join("\n");
    assert.match(text, /westeurope +2 +2 +explicit +—/);
    assert.match(text, /eastus +1 +1 +default: minimum +—/);
  });
});

describe("--package-bytes", () => {
  it("N sizes every version, VERSION=N one of them; repeatable", () => {
    assert.deepEqual(packageBytesFlags(["300", "1.0.0=100", "hello-1-1-0=200"]), {
      packageBytes: 300,
      packageBytesByVersion: { "1.0.0": 100, "hello-1-1-0": 200 },
    });
    assert.deepEqual(packageBytesFlags(undefined), {});
  });

  it("a size that is not a whole number is a usage error, exit 2", () => {
    assert.throws(
      () => packageBytesFlags(["1.0.0=12kB"]),
      (error: unknown) => error instanceof CliError && error.exitCode === 2,
    );
  });

  it("a per-version size overrides the size for every version in the report", () => {
    const run = {
      project: "raw",
      stack: "dev",
      resources: [armVersion({ targetRegions: [{ name: "westeurope" }] })],
      stackOutputs: {},
      problems: [],
      warnings: [],
    };
    const sized = (options: Parameters<typeof buildPlanReport>[1]) =>
      buildPlanReport(run, options).versions[0]?.packageBytes;
    assert.equal(sized({ packageBytes: 300 }), 300);
    assert.equal(sized({ packageBytes: 300, packageBytesByVersion: { "1.0.0": 100 } }), 100);
    assert.equal(sized({ packageBytesByVersion: { raw: 200 } }), 200);
    assert.throws(
      () => sized({ packageBytesByVersion: { "2.0.0": 1 } }),
      /declares no version 2\.0\.0/,
    );
  });
});
