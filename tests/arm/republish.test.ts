/**
 * `vmapps republish` against the fake ARM server: what is sent (checked against the Swagger
 * after every test), in which order, and that completed regions and every other setting go
 * back exactly as Azure holds them.
 */
import assert from "node:assert/strict";
import type { AzureReplicationStatus } from "../../sdk/core/shared/status/replicationStatus";
import { allCompleted, FakeGallery, type FakeVersion, type TargetRegion } from "./gallery";
import { vmappsAgainst, vmappsInProcess } from "./helpers";
import { type FakeArm, startFakeArm } from "./server";

const REGIONS: TargetRegion[] = [
  { name: "westeurope", regionalReplicaCount: 2, storageAccountType: "Standard_LRS" },
  { name: "eastus", regionalReplicaCount: 3, storageAccountType: "Standard_ZRS" },
  { name: "japaneast", excludeFromLatest: false },
];

const states = (...list: string[]): AzureReplicationStatus => ({
  aggregatedState: "Unknown",
  summary: list.map((state, i) => ({
    region: REGIONS[i]?.name as string,
    state,
    progress: state === "Completed" ? 100 : 0,
    details: state === "Failed" ? "Replication failed: the blob could not be read." : "",
  })),
});

type Json = Record<string, unknown>;
const profileOf = (body: Json) => (body.properties as Json).publishingProfile as Json;

describe("vmapps republish (fake ARM server)", function () {
  this.timeout(120_000);
  let server: FakeArm;
  let gallery: FakeGallery;

  before(async () => {
    server = await startFakeArm();
  });
  beforeEach(() => {
    server.reset();
    gallery = new FakeGallery(server);
  });
  afterEach(() => {
    assert.deepEqual(server.bodyProblems(), []);
  });
  after(async () => server.stop());

  function failedVersion(
    overrides: Partial<Parameters<FakeGallery["addApplicationVersion"]>[0]> = {},
  ): FakeVersion {
    return gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: [states("Completed", "Failed", "Completed")], pollsBeforeDone: 2 },
      ...overrides,
    });
  }

  it("one region failed → the identical list again, through Azure-AsyncOperation → Available", async () => {
    const version = failedVersion();
    const before = structuredClone(version.resource);
    const run = await vmappsInProcess(server, ["republish", version.id, "--interval", "1"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Step 1\/1: sending the identical target-region list again \(3 regions\)$/m,
    );
    assert.match(run.stdout, /^Available: 3 of 3 regions completed$/m);
    assert.equal(version.updates.length, 1);
    const [update] = version.updates;
    assert.equal(update?.method, "PUT");
    const sent = profileOf(update?.body as Json);
    const held = profileOf(before);
    assert.deepEqual(sent.targetRegions, REGIONS);
    // Every other setting goes back as Azure holds it (dates in the SDK's own spelling).
    for (const key of [
      "source",
      "manageActions",
      "settings",
      "replicaCount",
      "storageAccountType",
      "advancedSettings",
      "customActions",
      "enableHealthCheck",
      "excludeFromLatest",
    ]) {
      assert.deepEqual(sent[key], held[key], key);
    }
    assert.equal(
      Date.parse(sent.endOfLifeDate as string),
      Date.parse(held.endOfLifeDate as string),
    );
    assert.deepEqual((update as { body: Json }).body.location, before.location);
    // The long-running operation was polled at its Azure-AsyncOperation URL until it succeeded.
    const polls = server.requests.filter((r) => /\/capsOperations\//.test(r.path));
    assert.equal(polls.length, 3);
    const put = server.requests.find((r) => r.method === "PUT");
    const finalGet = server.requests.findIndex(
      (r, i) =>
        i > server.requests.indexOf(polls.at(-1) as never) &&
        r.method === "GET" &&
        r.query.get("$expand") === null,
    );
    assert.ok(put && finalGet > 0, "the poller read the version once the operation succeeded");
  });

  it("the same from the spawned command, and JSON names the steps", async () => {
    const version = failedVersion();
    const run = await vmappsAgainst(server, ["republish", version.id, "--json", "--interval", "1"]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.state, "Available");
    assert.deepEqual(result.republished, {
      strategy: "identical",
      failed: ["eastus"],
      steps: [{ action: "retry", targetRegions: ["westeurope", "eastus", "japaneast"] }],
      renewed: [],
    });
  });

  it("--readd: removes the failed region, then adds it back with its replica count and storage type", async () => {
    const version = failedVersion();
    const run = await vmappsInProcess(server, [
      "republish",
      version.id,
      "--readd",
      "--interval",
      "1",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      version.updates.map((u) => [
        u.method,
        (profileOf(u.body).targetRegions as TargetRegion[]).map((r) => r.name),
      ]),
      [
        ["PATCH", ["westeurope", "japaneast"]],
        ["PATCH", ["westeurope", "eastus", "japaneast"]],
      ],
    );
    assert.deepEqual(profileOf(version.updates[1]?.body as Json).targetRegions, REGIONS);
    assert.deepEqual(profileOf(version.updates[0]?.body as Json).targetRegions, [
      REGIONS[0],
      REGIONS[2],
    ]);
    assert.match(run.stdout, /Step 1\/2: removing eastus/);
    assert.match(run.stdout, /Step 2\/2: adding eastus back/);
  });

  it("--readd is refused when the version does not allow deletion of replicated locations", async () => {
    const version = failedVersion({ allowDeletionOfReplicatedLocations: false });
    const run = await vmappsInProcess(server, ["republish", version.id, "--readd"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /does not allow deletion of replicated locations/);
    assert.match(run.stderr, /without --readd/);
    assert.equal(version.updates.length, 0);
  });

  it("all failed: the identical list again; a region still failing leaves PartiallyAvailable (exit 3)", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: {
        statuses: [states("Failed", "Failed", "Failed")],
        afterUpdate: () => [
          states("Replicating", "Completed", "Completed"),
          states("Completed", "Completed", "Failed"),
        ],
      },
    });
    const run = await vmappsInProcess(server, ["republish", version.id, "--interval", "1"]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /^PartiallyAvailable: 2 of 3 regions completed, 1 failed$/m);
    assert.equal(version.updates.length, 1);
  });

  it("refused while a region replicates, and nothing to do when none failed", async () => {
    const replicating = gallery.addApplicationVersion({
      version: "1.0.1",
      targetRegions: REGIONS,
      scenario: { statuses: [states("Replicating", "Failed", "Completed")] },
    });
    const refused = await vmappsInProcess(server, ["republish", replicating.id]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /still replicating/);
    const fine = gallery.addApplicationVersion({
      version: "1.0.2",
      targetRegions: REGIONS,
      scenario: { statuses: [allCompleted(REGIONS)] },
    });
    const nothing = await vmappsInProcess(server, ["republish", fine.id]);
    assert.equal(nothing.code, 0);
    assert.match(nothing.stdout, /Nothing to republish/);
    assert.equal(replicating.updates.length + fine.updates.length, 0);
  });

  it("an image version: sent back without its read-only safety and storage fields", async () => {
    const version = gallery.addImageVersion({
      definition: "ubuntu",
      targetRegions: REGIONS,
      scenario: { statuses: [states("Completed", "Failed", "Completed")] },
    });
    const run = await vmappsInProcess(server, ["republish", version.id, "--interval", "1"]);
    assert.equal(run.code, 0, run.stderr);
    const body = version.updates[0]?.body as Json;
    const safety = (body.properties as Json).safetyProfile as Json;
    assert.equal(safety.reportedForPolicyViolation, undefined);
    assert.ok((body.properties as Json).storageProfile, "the storage profile goes back");
  });

  it("a failed operation stops with Azure's message, exit 1", async () => {
    const version = failedVersion({
      scenario: {
        statuses: [states("Completed", "Failed", "Completed")],
        failUpdate: { code: "OperationNotAllowed", message: "Gallery quota exceeded in eastus." },
      },
    });
    const run = await vmappsInProcess(server, ["republish", version.id]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Gallery quota exceeded in eastus/);
  });
});
