import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { containerClientFor } from "../../sdk/staging/client";
import { stagedBlobProvider } from "../../sdk/staging/stagedBlob";
import * as engine from "../../sdk/staging/stagedBlobEngine";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { plainFetch, sha256Of, tempDir, writeRandomFile } from "./helpers";

const DAY = 24 * 3600 * 1000;

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === "object");
  return address.port;
}

describe("StagedBlob provider when the world changed behind its back (Azurite over HTTPS)", function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let dir: ReturnType<typeof tempDir>;
  let container: ContainerClient;
  const inputs = (extra: Partial<engine.StagedBlobInputs> = {}): engine.StagedBlobInputs => ({
    source: join(dir.path, "app.zip"),
    accountName: azurite.accountName,
    containerName: "drift",
    blobEndpoint: azurite.blobEndpoint,
    connectionString: azurite.connectionString,
    caCert: azurite.caCert,
    ...extra,
  });
  const checked = async (news: engine.StagedBlobInputs) => {
    const result = await engine.check(news);
    assert.deepEqual(result.failures, []);
    return result.inputs;
  };
  const quiet = () => {
    const warnings: string[] = [];
    return { warnings, warn: (message: string) => warnings.push(message) };
  };

  before(async () => {
    azurite = await startAzurite({ https: true });
    dir = tempDir();
    writeRandomFile(join(dir.path, "app.zip"), 100_000);
    container = containerClientFor({
      connectionString: azurite.connectionString,
      containerName: "drift",
      caCert: azurite.caCert,
    });
    await container.create();
  });
  after(async () => {
    await azurite?.stop();
    dir?.remove();
  });

  it("a blob deleted out of band: diff plans an in-place update that re-stages it at the same URL", async () => {
    const news = await checked(inputs());
    const { outs } = await engine.create(news);
    await container.getBlobClient(outs.blobName).delete();

    const { warnings, warn } = quiet();
    const now = await engine.diff(outs, await checked(inputs()), new Date(), warn);
    assert.equal(now.changes, true, "noticed at once, not only when the SAS is due");
    assert.deepEqual(now.replaces, [], "same content, same content-addressed name: no replace");
    assert.match(warnings.join("\n"), /gone/);
    const later = await engine.diff(outs, news, new Date(Date.now() + 5 * DAY), warn);
    assert.deepEqual(later.replaces, []);

    const updated = (await engine.update(outs, news)).outs;
    assert.equal(updated.url, outs.url);
    assert.equal(updated.sha256, outs.sha256);
    assert.equal(await container.getBlobClient(outs.blobName).exists(), true, "re-uploaded");
    const fetched = await plainFetch(updated.sasUrl, azurite.caCert ?? "");
    assert.equal(fetched.status, 200);
    assert.equal(fetched.sha256, sha256Of(readFileSync(news.source)));
    assert.equal((await engine.diff(updated, news, new Date(), warn)).changes, false, "settles");
  });

  it("update re-stages a missing blob even when only the SAS was due", async () => {
    const news = await checked(inputs({ blobName: "renew-missing.zip" }));
    const { outs } = await engine.create(news);
    await container.getBlobClient(outs.blobName).delete();
    const aging = { ...outs, sasExpiresOn: new Date(Date.now() + DAY).toISOString() };
    const renewed = (await engine.update(aging, news)).outs;
    assert.equal(await container.getBlobClient(outs.blobName).exists(), true);
    assert.equal((await plainFetch(renewed.sasUrl, azurite.caCert ?? "")).status, 200);
  });

  it("read (refresh) returns no id for a missing blob and the state for a present one", async () => {
    const { id, outs } = await engine.create(await checked(inputs({ blobName: "read.zip" })));
    assert.deepEqual(await stagedBlobProvider.read?.(id, outs), { id, props: outs });
    await container.getBlobClient(outs.blobName).delete();
    const gone = await stagedBlobProvider.read?.(id, outs);
    assert.equal(gone?.id ?? "", "", "blank id: the engine drops the resource from state");
    assert.equal(gone?.props, undefined);
  });

  it("a storage service that cannot be reached: diff plans as if the blob exists and says so", async () => {
    const { outs } = await engine.create(await checked(inputs({ blobName: "offline.zip" })));
    const port = await closedPort();
    const endpoint = `https://127.0.0.1:${port}/${azurite.accountName}`;
    const offline = {
      ...outs,
      connectionString: azurite.connectionString.replace(
        /BlobEndpoint=[^;]+/,
        `BlobEndpoint=${endpoint}`,
      ),
    };
    assert.notEqual(offline.connectionString, outs.connectionString);
    const { warnings, warn } = quiet();
    const outcome = await engine.diff(
      offline,
      await checked(inputs({ blobName: "offline.zip" })),
      new Date(),
      warn,
    );
    assert.equal(outcome.changes, false);
    assert.match(warnings.join("\n"), /could not check/);
    await assert.rejects(engine.read(outs.url, offline), /could not check/);

    const wrongKey = {
      ...outs,
      connectionString: azurite.connectionString.replace(
        /AccountKey=[^;]+/,
        `AccountKey=${Buffer.from("not the key").toString("base64")}`,
      ),
    };
    assert.equal(await engine.blobPresence(wrongKey), "unknown", "access denied is not 'missing'");
  });

  it("remove treats a container that is already gone like a blob that is already gone", async () => {
    const gone = containerClientFor({
      connectionString: azurite.connectionString,
      containerName: "short-lived",
      caCert: azurite.caCert,
    });
    await gone.create();
    const { outs } = await engine.create(
      await checked(inputs({ containerName: "short-lived", blobName: "x.zip" })),
    );
    await gone.delete();
    await engine.remove(outs);
  });

  it("an unparseable sasExpiresOn in state counts as expired: diff plans a renewal, update signs one", async () => {
    const news = await checked(inputs({ blobName: "garbled.zip" }));
    const { outs } = await engine.create(news);
    const garbled = { ...outs, sasExpiresOn: "next tuesday" };
    const outcome = await engine.diff(garbled, news);
    assert.equal(outcome.changes, true);
    assert.deepEqual(outcome.replaces, []);
    const renewed = (await engine.update(garbled, news)).outs;
    const expiresIn = new Date(renewed.sasExpiresOn).getTime() - Date.now();
    assert.ok(Math.abs(expiresIn - 6 * DAY) < 60_000, "a fresh 6-day window");
  });

  it("a source removed after create fails check naming source, never planning a replacement", async () => {
    const own = writeRandomFile(join(dir.path, "vanishing.zip"), 3000);
    const { outs } = await engine.create(await checked(inputs({ source: own })));
    rmSync(own);
    const result = await engine.check(inputs({ source: own }));
    assert.deepEqual(
      result.failures.map((failure) => failure.property),
      ["source"],
    );
    assert.match(result.failures[0]?.reason ?? "", /does not exist/);
    assert.equal(result.inputs.contentSha256, undefined, "no hash of nothing");
    await assert.rejects(engine.create(inputs({ source: own })), /does not exist/);
    assert.ok(outs.sha256);
  });

  it("check refuses sources, blob names and flags that cannot be staged, each by property", async () => {
    const empty = join(dir.path, "empty.zip");
    writeFileSync(empty, "");
    const folder = join(dir.path, "plain-folder");
    mkdirSync(folder);
    writeFileSync(join(folder, "install.sh"), "echo hi\n");
    const table: [string, Partial<engine.StagedBlobInputs> | Record<string, unknown>, RegExp][] = [
      ["source", { source: empty }, /empty/],
      ["source", { source: join(dir.path, "missing-folder") }, /does not exist/],
      ["source", { source: folder }, /archiveFormat/],
      ["source", { source: 42 }, /source must be the path.*number 42/],
      ["source", { source: "" }, /source must be the path/],
      ["blobName", { blobName: "" }, /empty/],
      ["blobName", { blobName: "apps/../other.zip" }, /"\.\."/],
      ["blobName", { blobName: "./app.zip" }, /"\."/],
      ["blobName", { blobName: "/app.zip" }, /starts with "\/"/],
      ["blobName", { blobName: "apps//app.zip" }, /empty path segment/],
      ["blobName", { blobName: "a".repeat(1025) }, /at most 1024/],
      ["retainOnDelete", { retainOnDelete: "false" }, /must be a boolean.*"false"/],
      ["allowPadding", { allowPadding: "yes" }, /must be a boolean/],
    ];
    for (const [property, extra, reason] of table) {
      const result = await engine.check(inputs(extra as Partial<engine.StagedBlobInputs>));
      const label = JSON.stringify(extra).slice(0, 80);
      assert.deepEqual(
        result.failures.map((failure) => failure.property),
        [property],
        label,
      );
      assert.match(result.failures[0]?.reason ?? "", reason, label);
    }
    assert.deepEqual((await engine.check(inputs({ blobName: "apps/v1.0/app.zip" }))).failures, []);
  });
});
