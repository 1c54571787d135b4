/**
 * `vmapps status` against the fake ARM server, with the real @azure/arm-compute client: in this
 * process (main, --ca-cert) and as a spawned command (NODE_EXTRA_CA_CERTS), as a user runs it.
 */
import assert from "node:assert/strict";
import { main } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import type { AzureReplicationStatus } from "../../sdk/core/shared/status/replicationStatus";
import { allCompleted, FakeGallery, GALLERY_API_VERSION, type TargetRegion } from "./gallery";
import { vmappsAgainst, vmappsInProcess } from "./helpers";
import { type FakeArm, startFakeArm } from "./server";

const REGIONS: TargetRegion[] = [
  { name: "westeurope", regionalReplicaCount: 2, storageAccountType: "Standard_LRS" },
  { name: "eastus", regionalReplicaCount: 1, storageAccountType: "Standard_ZRS" },
];

const regionStatus = (states: Array<[string, number, string?]>): AzureReplicationStatus => ({
  aggregatedState: "Unknown",
  summary: states.map(([state, progress, details], i) => ({
    region: REGIONS[i]?.name as string,
    state,
    progress,
    details: details ?? "",
  })),
});

describe("vmapps status (fake ARM server)", function () {
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

  it("all completed: Available first, a row per region, exit 0; reads with $expand", async () => {
    const version = gallery.addApplicationVersion({
      version: "1.0.1",
      targetRegions: REGIONS,
      scenario: { statuses: [allCompleted(REGIONS)] },
    });
    const run = await vmappsInProcess(server, ["status", version.id]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n");
    assert.equal(lines[0], "Available: 2 of 2 regions completed");
    assert.equal(lines[1], version.id);
    assert.match(run.stdout, /westeurope\s+Completed\s+100%/);
    assert.match(run.stdout, /eastus\s+Completed\s+100%/);
    const get = server.requests.find((request) => request.method === "GET");
    assert.equal(get?.query.get("$expand"), "ReplicationStatus");
    assert.equal(get?.query.get("api-version"), GALLERY_API_VERSION);
    assert.equal(get?.headers.authorization, `Bearer ${server.token}`);
  });

  it("one region failed: PartiallyAvailable with Azure's details, exit 3 (spawned, --json)", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: {
        statuses: [
          regionStatus([
            ["Completed", 100],
            ["Failed", 0, "The SAS of the source blob has expired."],
          ]),
        ],
      },
    });
    const run = await vmappsAgainst(server, ["status", version.id, "--json"]);
    assert.equal(run.code, 3, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      id: version.id,
      state: "PartiallyAvailable",
      exitCode: 3,
      regions: [
        { region: "westeurope", state: "Completed", progress: 100, details: "" },
        {
          region: "eastus",
          state: "Failed",
          progress: 0,
          details: "The SAS of the source blob has expired.",
        },
      ],
    });
  });

  it("all failed: Failed, exit 4", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: {
        statuses: [
          regionStatus([
            ["Failed", 0],
            ["Failed", 10],
          ]),
        ],
      },
    });
    const run = await vmappsInProcess(server, ["status", version.id]);
    assert.equal(run.code, 4);
    assert.match(run.stdout.split("\n")[0] ?? "", /^Failed: 0 of 2 regions completed, 2 failed/);
  });

  it("still replicating: exit 5 without --watch; --watch shows progress until done", async () => {
    const statuses = [
      regionStatus([
        ["Replicating", 20],
        ["Completed", 100],
      ]),
      regionStatus([
        ["Replicating", 70],
        ["Completed", 100],
      ]),
      regionStatus([
        ["Completed", 100],
        ["Completed", 100],
      ]),
    ];
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: structuredClone(statuses) },
    });
    const once = await vmappsInProcess(server, ["status", version.id]);
    assert.equal(once.code, 5);
    assert.match(once.stdout, /westeurope\s+Replicating\s+20%/);
    version.statusReads = 0;
    const watched = await vmappsAgainst(server, [
      "status",
      version.id,
      "--watch",
      "--interval",
      "1",
    ]);
    assert.equal(watched.code, 0, watched.stderr);
    const lines = watched.stdout.split("\n");
    assert.equal(lines[0], "Replicating: 1 of 2 regions completed, 1 replicating (westeurope 20%)");
    assert.equal(lines[1], "Replicating: 1 of 2 regions completed, 1 replicating (westeurope 70%)");
    assert.equal(lines[2], "Available: 2 of 2 regions completed");
    assert.equal(version.statusReads, 3);
  });

  it("--watch --timeout stops waiting and exits 5 while a region still replicates", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: {
        statuses: [
          regionStatus([
            ["Replicating", 5],
            ["Completed", 100],
          ]),
        ],
      },
    });
    const run = await vmappsInProcess(server, ["status", version.id, "--watch", "--timeout", "0"]);
    assert.equal(run.code, 5);
    assert.equal(version.statusReads, 1);
  });

  it("honours 429 with Retry-After: waits the seconds ARM asks, then reads again", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: [allCompleted(REGIONS)] },
    });
    server.throttle(1, 2);
    const run = await vmappsInProcess(server, ["status", version.id]);
    assert.equal(run.code, 0, run.stderr);
    const [throttled, retried] = server.requests;
    assert.equal(throttled?.status, 429);
    assert.equal(retried?.status, 200);
    const waited = (retried?.at ?? 0) - (throttled?.at ?? 0);
    assert.ok(waited >= 1900, `retried after ${waited} ms, Retry-After said 2 s`);
  });

  it("an image version: the same status, from Azure's image example", async () => {
    const version = gallery.addImageVersion({
      definition: "ubuntu",
      targetRegions: REGIONS,
      scenario: {
        statuses: [
          regionStatus([
            ["Completed", 100],
            ["Failed", 0, "Disk copy failed"],
          ]),
        ],
      },
    });
    const run = await vmappsInProcess(server, ["status", version.id, "--json"]);
    assert.equal(run.code, 3, run.stderr);
    assert.equal(JSON.parse(run.stdout).state, "PartiallyAvailable");
    assert.match(server.requests[0]?.path ?? "", /\/images\/ubuntu\/versions\/1\.0\.0$/);
  });

  it("no status reported: Unknown, exit 6, every target region listed", async () => {
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: [] },
    });
    const run = await vmappsInProcess(server, ["status", version.id]);
    assert.equal(run.code, 6);
    assert.match(run.stdout, /westeurope\s+Unknown/);
  });

  it("a version that does not exist, a refused token, a bad id: exit 1 or 2, with the fix", async () => {
    const missing = `/subscriptions/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/applications/a/versions/9.9.9`;
    const notFound = await vmappsInProcess(server, ["status", missing]);
    assert.equal(notFound.code, 1);
    assert.match(notFound.stderr, /Azure has no version/);
    assert.match(notFound.stderr, /pulumi stack output/);
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: [allCompleted(REGIONS)] },
    });
    const refused = await vmappsInProcess(server, ["status", version.id], {
      AZURE_ACCESS_TOKEN: "not-the-token",
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the sign-in/);
    assert.match(refused.stderr, /az account get-access-token/);
    assert.doesNotMatch(refused.stderr, /not-the-token/);
    const bad = await vmappsInProcess(server, ["status", "/subscriptions/x/resourceGroups/rg"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an application-version or image-version resource id/);
    const io = bufferIo({ env: { AZURE_ACCESS_TOKEN: server.token } });
    const http = await main(["status", version.id, "--arm-endpoint", "http://127.0.0.1:1"], io);
    assert.equal(http, 2);
    assert.match(io.stderr[0] ?? "", /--arm-endpoint: .* is not an https URL/);
  });

  it("an expired JWT in AZURE_ACCESS_TOKEN is refused before any request", async () => {
    const claims = Buffer.from(JSON.stringify({ exp: 1_600_000_000 })).toString("base64url");
    const token = `eyJhbGciOiJub25lIn0.${claims}.`;
    const version = gallery.addApplicationVersion({
      targetRegions: REGIONS,
      scenario: { statuses: [allCompleted(REGIONS)] },
    });
    const run = await vmappsInProcess(server, ["status", version.id], {
      AZURE_ACCESS_TOKEN: token,
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /AZURE_ACCESS_TOKEN expired at 2020-09-13/);
    assert.equal(server.requests.length, 0);
  });
});
