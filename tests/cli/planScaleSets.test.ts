/**
 * The plan of VMs and scale sets declared with azure-native (sdk/cli/report/scaleSets.ts): the
 * checks applicationProfile() and rolloutPolicy() apply, for values written by hand too, and
 * for each scale set what it installs and how a change is batched. Built from resources as the
 * offline engine records them, without spawning a plan.
 */
import { strict as assert } from "node:assert";
import type { OfflineResource } from "../../sdk/cli/offline/engine";
import { REDACTED } from "../../sdk/cli/offline/values";
import { bufferIo } from "../../sdk/cli/render/output";
import { planLines } from "../../sdk/cli/render/plan";
import { buildPlanReport } from "../../sdk/cli/report/build";
import { ARM_SCALE_SET, ARM_VERSION, ARM_VIRTUAL_MACHINE } from "../../sdk/cli/tokens";

const VERSION_ID =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/applications/agent/versions/1.1.0";
const HEALTH = {
  name: "health",
  type: "ApplicationHealthLinux",
  publisher: "Microsoft.ManagedServices",
};

function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  id?: string,
): OfflineResource {
  return {
    urn: `urn:pulumi:dev::p::${type}::${name}`,
    type,
    name,
    custom: true,
    id,
    inputs,
    outputs: {},
  };
}

const version = resource(
  ARM_VERSION,
  "agent-1-1-0",
  {
    galleryApplicationName: "agent",
    galleryApplicationVersionName: "1.1.0",
    location: "westeurope",
    publishingProfile: {
      source: { mediaLink: "https://a.blob.core.windows.net/p/agent.tgz" },
      manageActions: { install: "i", remove: "r" },
      targetRegions: [{ name: "westeurope" }, { name: "eastus" }],
    },
  },
  VERSION_ID,
);

function scaleSet(overrides: Record<string, unknown>, profile: Record<string, unknown> = {}) {
  return resource(ARM_SCALE_SET, "web", {
    location: "westeurope",
    sku: { name: "Standard_B1s", capacity: 10 },
    upgradePolicy: {
      mode: "Rolling",
      rollingUpgradePolicy: {
        maxBatchInstancePercent: 20,
        maxUnhealthyInstancePercent: 20,
        maxUnhealthyUpgradedInstancePercent: 0,
        pauseTimeBetweenBatches: "PT30S",
        rollbackFailedInstancesOnPolicyBreach: true,
      },
    },
    virtualMachineProfile: {
      osProfile: { adminPassword: REDACTED },
      extensionProfile: { extensions: [HEALTH] },
      applicationProfile: { galleryApplications: [{ packageReferenceId: VERSION_ID, order: 1 }] },
      ...profile,
    },
    ...overrides,
  });
}

function planOf(...resources: OfflineResource[]) {
  return buildPlanReport({ project: "p", stack: "dev", resources, stackOutputs: {}, problems: [] });
}
const problemsOf = (report: ReturnType<typeof planOf>) =>
  report.problems.map((p) => [p.resource, p.field, p.severity]);

describe("plan of scale sets and VMs declared with azure-native", () => {
  it("shows what a scale set installs and how Azure batches a change, with no problem", () => {
    const report = planOf(version, scaleSet({}));
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.scaleSets, [
      {
        resource: "web",
        installs: [VERSION_ID],
        upgradeMode: "Rolling",
        instances: 10,
        rolling: {
          batchPercent: 20,
          batchSize: 2,
          batches: 5,
          pause: "PT30S",
          stopsAtFirstUnhealthy: true,
          rollsBackFailed: true,
        },
      },
    ]);
    const io = bufferIo();
    const text = planLines(io, report).join("\n");
    assert.match(
      text,
      /Scale set web\n {2}installs agent 1\.1\.0\n {2}a change: Rolling mode, up to 2 of 10 instances per batch \(20%\), so at least 5 batches · pause PT30S between batches · stops at the first unhealthy upgraded instance · rolls failed instances back/,
    );
  });

  it("Manual and Automatic modes say how instances take a change", () => {
    const manual = planOf(scaleSet({ upgradePolicy: undefined }));
    const automatic = planOf(scaleSet({ upgradePolicy: { mode: "Automatic" } }));
    const text = (report: ReturnType<typeof planOf>) => planLines(bufferIo(), report).join("\n");
    assert.match(
      text(manual),
      /a change: Manual mode, instances keep their version until each is upgraded/,
    );
    assert.match(text(automatic), /a change: Automatic mode, every instance at once/);
  });

  it("Rolling mode without a health signal is an error on the scale set, explaining the requirement", () => {
    const report = planOf(version, scaleSet({}, { extensionProfile: { extensions: [] } }));
    assert.deepEqual(problemsOf(report), [["web", "upgradePolicy.mode", "error"]]);
    assert.match(
      report.problems[0]?.message ?? "",
      /Rolling mode needs a health signal .* Azure refuses the scale set/,
    );
  });

  it("a load balancer probe is a health signal; a profile hidden by a secret is not judged", () => {
    const probe = scaleSet(
      {},
      { extensionProfile: undefined, networkProfile: { healthProbe: { id: "/probe" } } },
    );
    assert.deepEqual(planOf(version, probe).problems, []);
    const hidden = scaleSet({ virtualMachineProfile: REDACTED });
    assert.deepEqual(planOf(version, hidden).problems, []);
  });

  it("rolling policy ranges and profile rules, on values written by hand", () => {
    const report = planOf(
      version,
      scaleSet(
        {
          location: "northeurope",
          upgradePolicy: { mode: "Rolling", rollingUpgradePolicy: { maxBatchInstancePercent: 3 } },
        },
        {
          applicationProfile: {
            galleryApplications: [
              { packageReferenceId: VERSION_ID, order: 1 },
              { packageReferenceId: VERSION_ID.replace("agent", "other"), order: 1 },
            ],
          },
        },
      ),
    );
    assert.deepEqual(problemsOf(report), [
      ["web", "upgradePolicy.rollingUpgradePolicy.maxBatchInstancePercent", "error"],
      [
        "web",
        "virtualMachineProfile.applicationProfile.galleryApplications[0].packageReferenceId",
        "error",
      ],
      ["web", "virtualMachineProfile.applicationProfile.galleryApplications[1].order", "error"],
    ]);
    assert.match(
      report.problems[1]?.message ?? "",
      /not replicated to northeurope.*westeurope, eastus/,
    );
  });

  it("a VM's applicationProfile is checked the same way", () => {
    const vm = resource(ARM_VIRTUAL_MACHINE, "vm", {
      location: "westeurope",
      applicationProfile: {
        galleryApplications: [{ packageReferenceId: VERSION_ID.replace(/\/versions\/.*$/, "") }],
      },
    });
    assert.deepEqual(problemsOf(planOf(vm)), [
      ["vm", "applicationProfile.galleryApplications[0].packageReferenceId", "error"],
    ]);
    assert.deepEqual(planOf(vm).scaleSets, []);
  });
});
