/**
 * `vmapps republish` of an application version whose package SAS has expired: the blob on
 * Azurite (HTTPS) is checked against the size and MD5 the version recorded, then a new read-only
 * SAS is signed and sent; a changed or unrecorded blob stops it before anything is sent.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordedBlobTags } from "../../sdk/core/shared/status/recordedBlob";
import { containerClientFor } from "../../sdk/staging/client";
import { type StageResult, stagePackage } from "../../sdk/staging/upload/stage";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { plainFetch, sha256Of, tempDir, writeRandomFile } from "../staging/helpers";
import { FakeGallery, type TargetRegion } from "./gallery";
import { vmappsInProcess } from "./helpers";
import { type FakeArm, startFakeArm } from "./server";

const REGIONS: TargetRegion[] = [
  { name: "westeurope", regionalReplicaCount: 1 },
  { name: "eastus", regionalReplicaCount: 1 },
];
const PARTIAL = {
  summary: [
    { region: "westeurope", state: "Completed", progress: 100 },
    {
      region: "eastus",
      state: "Failed",
      progress: 0,
      details: "The source blob could not be read.",
    },
  ],
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const EXPIRED_SAS =
  "sv=2025-05-05&se=2024-01-01T00%3A00%3A00Z&sr=b&sp=r&spr=https&sig=ZXhwaXJlZA%3D%3D";

type Json = Record<string, unknown>;

describe("vmapps republish renews an expired package SAS (Azurite)", function () {
  this.timeout(120_000);
  let server: FakeArm;
  let azurite: Azurite;
  let dir: { path: string; remove(): void };
  let caFile: string;
  let gallery: FakeGallery;
  const stageFile = async (name: string, bytes: number): Promise<StageResult> =>
    stagePackage({
      source: writeRandomFile(join(dir.path, name), bytes),
      target: {
        connectionString: azurite.connectionString,
        containerName: "packages",
        createContainer: true,
        caCert: azurite.caCert,
      },
    });

  before(async () => {
    [server, azurite] = await Promise.all([startFakeArm(), startAzurite({ https: true })]);
    dir = tempDir("vmapps-renewal-");
    // One --ca-cert file trusts both local servers: the fake ARM's and Azurite's certificates.
    caFile = join(dir.path, "both.pem");
    writeFileSync(caFile, `${server.caCert}\n${azurite.caCert}`);
  });
  beforeEach(() => {
    server.reset();
    gallery = new FakeGallery(server);
  });
  afterEach(() => {
    assert.deepEqual(server.bodyProblems(), []);
  });
  after(async () => {
    await Promise.all([server?.stop(), azurite?.stop()]);
    dir?.remove();
  });

  function versionOn(staged: StageResult, version: string, record = true) {
    return gallery.addApplicationVersion({
      version,
      targetRegions: REGIONS,
      mediaLink: `${staged.url}?${EXPIRED_SAS}`,
      ...(record && {
        tags: recordedBlobTags("mediaLink", { size: staged.size, md5: staged.md5 }),
      }),
      scenario: { statuses: [PARTIAL] },
    });
  }

  it("an unchanged blob gets a new read-only SAS, sent with the identical list; the SAS is never printed", async () => {
    const staged = await stageFile("agent.tar.gz", 200_000);
    const version = versionOn(staged, "1.0.0");
    const run = await vmappsInProcess(
      server,
      ["republish", version.id, "--interval", "1"],
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      caFile,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`Renewed the expired mediaLink SAS of ${escapeRegExp(staged.url)}`),
    );
    assert.match(run.stdout, /Available: 2 of 2 regions completed/);
    assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /sig=/);
    const sent = (
      ((version.updates[0] as { body: Json }).body.properties as Json).publishingProfile as Json
    ).source as Json;
    const link = new URL(sent.mediaLink as string);
    assert.equal(`${link.origin}${link.pathname}`, staged.url);
    assert.equal(link.searchParams.get("sp"), "r");
    assert.equal(link.searchParams.get("spr"), "https");
    const expiresIn = Date.parse(link.searchParams.get("se") ?? "") - Date.now();
    assert.ok(expiresIn > 5 * 86_400_000 && expiresIn <= 6 * 86_400_000 + 60_000, `${expiresIn}`);
    // The gallery can read the package through it.
    const fetched = await plainFetch(sent.mediaLink as string, azurite.caCert as string);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.sha256, staged.sha256);
  });

  it("a blob whose content changed is refused, naming the blob and how to stage it again", async () => {
    const staged = await stageFile("changed.tar.gz", 100_000);
    const version = versionOn(staged, "1.0.1");
    const blobName = staged.url.split("/packages/")[1] as string;
    const container = containerClientFor({
      connectionString: azurite.connectionString,
      containerName: "packages",
      caCert: azurite.caCert,
    });
    const other = Buffer.alloc(100_000, 7);
    await container.getBlockBlobClient(blobName).uploadData(other);
    assert.notEqual(sha256Of(other), staged.sha256);
    const run = await vmappsInProcess(
      server,
      ["republish", version.id],
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      caFile,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`packages/${escapeRegExp(blobName)}`));
    assert.match(run.stderr, /no longer holds what was published: its MD5 is/);
    assert.match(
      run.stderr,
      new RegExp(
        escapeRegExp(
          `vmapps stage <the published package> --container packages --blob ${blobName}`,
        ),
      ),
    );
    assert.match(run.stderr, new RegExp(escapeRegExp(`${staged.size} bytes, MD5 ${staged.md5}`)));
    assert.equal(version.updates.length, 0, "nothing was sent");
  });

  it("a version that recorded no size and MD5 is refused: the blob cannot be checked", async () => {
    const staged = await stageFile("unrecorded.tar.gz", 50_000);
    const version = versionOn(staged, "1.0.2", false);
    const run = await vmappsInProcess(
      server,
      ["republish", version.id],
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      caFile,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /records no size and MD5/);
    assert.equal(version.updates.length, 0);
  });
});
