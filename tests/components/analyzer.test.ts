/**
 * Other Pulumi languages consume these components through `pulumi package add`, which infers
 * their schema with the Analyzer shipped in @pulumi/pulumi. It runs offline on the TypeScript
 * sources; this test runs it from the package root entry point over all four components.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type AnalyzeResult, Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

const ROOT = resolve(__dirname, "../..");
const COMPONENTS = ["PackageStorage", "AppGallery", "VmApplication", "VmApplicationVersion"];

describe("schema Analyzer (other Pulumi languages)", function () {
  this.timeout(180_000);
  let result: AnalyzeResult;

  before(() => {
    // A tsconfig holding only the package entry point: the repository one also compiles tests.
    const dir = mkdtempSync(join(tmpdir(), "vmapps-analyzer-"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        files: [join(ROOT, "sdk/index.ts")],
        include: [],
      }),
    );
    try {
      const analyzer = new Analyzer(
        dir,
        "vmapps",
        { main: join(ROOT, "sdk/index.js") },
        new Set(COMPONENTS),
      );
      result = analyzer.analyze();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("infers all four components", () => {
    assert.deepEqual(Object.keys(result.components).sort(), [...COMPONENTS].sort());
  });

  it("publishes nested shapes as named types and enumerations as enums", () => {
    const types = result.typeDefinitions;
    for (const name of [
      "RegionArgs",
      "ReplicaDemandArgs",
      "PackageSourceArgs",
      "ManageCommandsArgs",
      "ApplicationRef",
      "GalleryRef",
      "StorageRef",
      "RegionReplicaPlan",
      "ReplicationStatusOutput",
      "RegionReplicationOutput",
    ]) {
      assert.equal(types[name]?.type, "object", `${name} is an object type`);
    }
    assert.deepEqual(
      types.OsType?.enum?.map((e) => e.value),
      ["Linux", "Windows"],
    );
    const decidedBy = types.RegionReplicaPlan?.properties?.decidedBy;
    assert.deepEqual(decidedBy, { type: "string", description: decidedBy?.description });
    const version = result.components.VmApplicationVersion;
    assert.deepEqual(version?.inputs.regions, {
      type: "object",
      additionalProperties: { $ref: "#/types/vmapps:index:RegionArgs", plain: true },
      plain: true,
      description: version?.inputs.regions?.description,
    });
    assert.equal(version?.inputs.applicationId?.optional, true);
    assert.equal(version?.inputs.version?.optional, undefined);
  });

  it("exposes only the documented outputs (no private state leaks into the schema)", () => {
    assert.deepEqual(Object.keys(result.components.VmApplicationVersion?.outputs ?? {}).sort(), [
      "blobType",
      "blobTypeReason",
      "id",
      "mediaLink",
      "replicaCount",
      "replicaPlan",
      "replicationStatus",
      "sasExpiresOn",
      "sourceBlobUrl",
      "targetRegions",
      "version",
    ]);
    assert.deepEqual(Object.keys(result.components.AppGallery?.outputs ?? {}).sort(), [
      "galleryName",
      "id",
      "location",
      "resourceGroupName",
    ]);
  });
});
