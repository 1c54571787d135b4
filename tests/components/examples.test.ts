import assert from "node:assert/strict";
import { basename, resolve } from "node:path";
import { type Captured, freshRuntime, SCALE_SET, VERSION } from "./harness";

function load(example: string): void {
  const entry = require.resolve(resolve(__dirname, "../../examples", example));
  delete require.cache[entry];
  require(entry);
}

describe("examples on the mocked engine", () => {
  it("basic: two chained versions of the Linux app, each staged from its own folder as tar.gz, two regions", async () => {
    const h = await freshRuntime();
    load("basic");
    await h.settle();
    const versions = h.ofType(VERSION);
    assert.deepEqual(
      versions.map((v) => v.inputs.galleryApplicationVersionName),
      ["1.0.0", "1.1.0"],
    );
    const [first, second] = versions as [Captured, Captured];
    assert.ok(second.dependencies.includes(first.urn));
    const regions = (second.inputs.publishingProfile as { targetRegions: unknown }).targetRegions;
    assert.deepEqual(regions, [
      { name: "westeurope", regionalReplicaCount: 2 },
      { name: "northeurope", regionalReplicaCount: 1 },
    ]);
    const staged = h.ofType("pulumi-nodejs:dynamic/vmapps:StagedBlob");
    assert.deepEqual(
      staged.map((s) => [s.name, basename(String(s.inputs.source)), s.inputs.archiveFormat]),
      [
        ["hello-vmapps-1-0-0-package", "app-1.0.0", "tar.gz"],
        ["hello-vmapps-1-1-0-package", "app", "tar.gz"],
      ],
    );
    const components = h.ofType("vmapps:index:VmApplicationVersion");
    assert.deepEqual(
      staged.map((s) => s.parent),
      components.map((c) => c.urn),
    );
    assert.equal(h.one("azure-native:compute:Gallery").protect, true);
  });

  it("windows-msi: msiexec recipe, .msi package file name, demand-driven replicas", async () => {
    const h = await freshRuntime();
    load("windows-msi");
    await h.settle();
    const version = h.one(VERSION);
    const profile = version.inputs.publishingProfile as {
      manageActions: { install: string };
      settings: { packageFileName: string };
      targetRegions: unknown;
    };
    assert.match(profile.manageActions.install, /msiexec\.exe \/i hello\.msi \/quiet/);
    assert.equal(profile.settings.packageFileName, "hello.msi");
    assert.deepEqual(profile.targetRegions, [
      { name: "westeurope", regionalReplicaCount: 3 },
      { name: "eastus", regionalReplicaCount: 3 },
    ]);
  });

  it("rollout: the scale set installs 1.1.0 by id, in Rolling mode with the Application Health extension", async () => {
    const h = await freshRuntime();
    load("rollout");
    await h.settle();
    const scaleSet = h.one(SCALE_SET);
    const profile = scaleSet.inputs.virtualMachineProfile as {
      applicationProfile: { galleryApplications: Array<Record<string, unknown>> };
      extensionProfile: { extensions: Array<{ type: string }> };
    };
    const [entry] = profile.applicationProfile.galleryApplications;
    assert.match(
      String(entry?.packageReferenceId),
      /\/applications\/hello-vmapps\/versions\/1\.1\.0$/,
    );
    assert.equal(entry?.treatFailureAsDeploymentFailure, true);
    assert.deepEqual(
      profile.extensionProfile.extensions.map((e) => e.type),
      ["ApplicationHealthLinux"],
    );
    assert.deepEqual(scaleSet.inputs.upgradePolicy, {
      mode: "Rolling",
      rollingUpgradePolicy: {
        maxBatchInstancePercent: 25,
        maxUnhealthyInstancePercent: 25,
        maxUnhealthyUpgradedInstancePercent: 0,
        pauseTimeBetweenBatches: "PT1M",
        rollbackFailedInstancesOnPolicyBreach: true,
      },
    });
  });
});
