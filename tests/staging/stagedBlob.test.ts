import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ContainerClient } from "@azure/storage-blob";
import * as pulumi from "@pulumi/pulumi";
import {
  requireSecretInput,
  STAGED_BLOB_SECRET_OUTPUTS,
  StagedBlob,
  StagedBlobSecretError,
  stagedBlobProvider,
} from "../../sdk/staging/stagedBlob";
import * as engine from "../../sdk/staging/stagedBlobEngine";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { plainFetch, sha256Of, tempDir, writeRandomFile } from "./helpers";

const DAY = 24 * 3600 * 1000;

describe("StagedBlob provider against Azurite over HTTPS", function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let container: ContainerClient;
  const inputs = (extra: Partial<engine.StagedBlobInputs> = {}): engine.StagedBlobInputs => ({
    source: file,
    accountName: azurite.accountName,
    containerName: "packages",
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
  const exists = (blobName: string) => container.getBlobClient(blobName).exists();

  before(async () => {
    azurite = await startAzurite({ https: true });
    dir = tempDir();
    file = writeRandomFile(join(dir.path, "app.zip"), 200_000);
    // Test-side client only: trusts the throwaway CA through the engine's own client helper.
    const { containerClientFor } = await import("../../sdk/staging/client");
    container = containerClientFor({
      connectionString: azurite.connectionString,
      containerName: "packages",
      caCert: azurite.caCert,
    });
    await container.create();
  });
  after(async () => {
    await azurite?.stop();
    dir?.remove();
  });

  it("create stages the package and returns a working read SAS; delete removes the blob", async () => {
    const created = await engine.create(await checked(inputs()));
    const outs = created.outs;
    assert.equal(created.id, outs.url);
    assert.equal(outs.sha256, sha256Of(readFileSync(file)));
    assert.equal(outs.blobName, `${outs.sha256}/app.zip`);
    assert.equal(outs.blobType, "block");
    assert.equal(outs.size, 200_000);
    assert.ok(outs.sasUrl.startsWith(`${outs.url}?`));
    const expiresIn = new Date(outs.sasExpiresOn).getTime() - Date.now();
    assert.ok(Math.abs(expiresIn - 6 * DAY) < 60_000, "default validity is 6 days");
    const fetched = await plainFetch(outs.sasUrl, azurite.caCert ?? "");
    assert.equal(fetched.status, 200);
    assert.equal(fetched.sha256, outs.sha256);

    await engine.remove(outs);
    assert.equal(await exists(outs.blobName), false);
  });

  it("diff: nothing changed → no change; SAS near expiry → in-place update renewing only the query", async () => {
    const news = await checked(inputs());
    const { outs } = await engine.create(news);
    assert.deepEqual(await engine.diff(outs, await checked(inputs())), {
      changes: false,
      replaces: [],
      stables: ["url", "blobName", "blobType"],
      deleteBeforeReplace: false,
    });

    // The stored SAS has one day left, under the 2-day threshold.
    const aging = { ...outs, sasExpiresOn: new Date(Date.now() + DAY).toISOString() };
    assert.equal((await engine.diff(aging, news)).changes, true);
    assert.deepEqual((await engine.diff(aging, news)).replaces, []);
    const before = await container.getBlobClient(outs.blobName).getProperties();
    const renewed = await engine.update(aging, news);
    assert.equal(renewed.outs.sasUrl.split("?")[0], outs.url, "same blob path");
    const expires = new Date(renewed.outs.sasExpiresOn);
    assert.ok(expires.getTime() - Date.now() > 5 * DAY, "a fresh window");
    assert.equal(
      new URL(renewed.outs.sasUrl).searchParams.get("se"),
      expires.toISOString().replace(/\.\d{3}Z$/, "Z"),
    );
    const after = await container.getBlobClient(outs.blobName).getProperties();
    assert.equal(after.etag, before.etag, "renewal did not touch the blob");
    assert.equal((await plainFetch(renewed.outs.sasUrl, azurite.caCert ?? "")).status, 200);
  });

  it("diff: new content → replace under a content-addressed name, update under a fixed name", async () => {
    const own = writeRandomFile(join(dir.path, "own.zip"), 5000);
    const { outs } = await engine.create(await checked(inputs({ source: own })));
    writeRandomFile(own, 6000);
    const changed = await checked(inputs({ source: own }));
    assert.deepEqual((await engine.diff(outs, changed)).replaces, ["blobName"]);

    const fixed = await engine.create(
      await checked(inputs({ source: own, blobName: "apps/own.zip" })),
    );
    writeRandomFile(own, 7000);
    const changedFixed = await checked(inputs({ source: own, blobName: "apps/own.zip" }));
    const outcome = await engine.diff(fixed.outs, changedFixed);
    assert.equal(outcome.changes, true);
    assert.deepEqual(outcome.replaces, []);
    const updated = await engine.update(fixed.outs, changedFixed);
    assert.equal(updated.outs.url, fixed.outs.url);
    assert.equal(updated.outs.size, 7000);
    assert.equal(updated.outs.sha256, sha256Of(readFileSync(own)));
  });

  it("diff: account, container or blob type change → replace (delete first when the URL stays)", async () => {
    const { outs } = await engine.create(await checked(inputs()));
    assert.deepEqual(
      (await engine.diff(outs, await checked(inputs({ containerName: "other" })))).replaces,
      ["containerName"],
    );
    const toPage = await engine.diff(outs, {
      ...(await checked(inputs({ blobType: "page", allowPadding: true, blobName: outs.blobName }))),
    });
    assert.ok(toPage.replaces.includes("blobType"));
  });

  it("folder sources are archived deterministically: same folder, same hash, no change", async () => {
    const folder = join(dir.path, "folder");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(folder);
    writeFileSync(join(folder, "install.sh"), "echo hi\n");
    const first = await checked(
      inputs({ source: folder, archiveFormat: "tar.gz", blobType: "page" }),
    );
    const { outs } = await engine.create(first);
    assert.equal(outs.size % 512, 0);
    assert.equal(outs.blobName, `${outs.sha256}/folder.tar.gz`);
    const second = await checked(
      inputs({ source: folder, archiveFormat: "tar.gz", blobType: "page" }),
    );
    assert.equal(second.contentSha256, first.contentSha256);
    assert.equal((await engine.diff(outs, second)).changes, false);
  });

  it("diff: a new SAS validity → in-place update re-signing the same blob; a new threshold is only recorded", async () => {
    const { outs } = await engine.create(await checked(inputs({ blobName: "policy.zip" })));
    assert.equal(outs.sasValidForDays, 6);
    assert.equal(outs.sasRenewWithinDays, 2);
    const before = await container.getBlobClient(outs.blobName).getProperties();

    const shorter = await checked(inputs({ blobName: "policy.zip", sasValidForDays: 3 }));
    const outcome = await engine.diff(outs, shorter);
    assert.equal(outcome.changes, true, "a changed validity shows in the diff at once");
    assert.deepEqual(outcome.replaces, []);
    const resigned = (await engine.update(outs, shorter)).outs;
    assert.equal(resigned.url, outs.url);
    assert.notEqual(resigned.sasUrl, outs.sasUrl);
    const expiresIn = new Date(resigned.sasExpiresOn).getTime() - Date.now();
    assert.ok(Math.abs(expiresIn - 3 * DAY) < 60_000, "signed for the new 3 days");
    assert.equal(resigned.sasValidForDays, 3);
    const after = await container.getBlobClient(outs.blobName).getProperties();
    assert.equal(after.etag, before.etag, "no re-upload");
    assert.equal((await plainFetch(resigned.sasUrl, azurite.caCert ?? "")).status, 200);
    assert.equal((await engine.diff(resigned, shorter)).changes, false, "settles after the update");

    const threshold = await checked(
      inputs({ blobName: "policy.zip", sasValidForDays: 3, sasRenewWithinDays: 1 }),
    );
    assert.equal((await engine.diff(resigned, threshold)).changes, true);
    const recorded = (await engine.update(resigned, threshold)).outs;
    assert.equal(recorded.sasUrl, resigned.sasUrl, "the current SAS is still good");
    assert.equal(recorded.sasRenewWithinDays, 1);
    assert.equal((await engine.diff(recorded, threshold)).changes, false);

    const { sasValidForDays: _valid, sasRenewWithinDays: _renew, ...unrecorded } = outs;
    assert.equal(
      (await engine.diff(unrecorded, await checked(inputs({ blobName: "policy.zip" })))).changes,
      false,
      "state from before the policy was recorded counts as the defaults",
    );
  });

  it("update signs the renewed window with the clock that decided the renewal", async () => {
    const news = await checked(inputs({ blobName: "clock.zip" }));
    const { outs } = await engine.create(news);
    const now = new Date(Date.now() + 10 * DAY);
    assert.equal((await engine.diff(outs, news, now)).changes, true, "due by the injected clock");
    const renewed = (await engine.update(outs, news, now)).outs;
    const expires = new Date(renewed.sasExpiresOn).getTime();
    assert.ok(Math.abs(expires - (now.getTime() + 6 * DAY)) < 60_000, "now + 6 days");
    assert.equal((await engine.diff(renewed, news, now)).changes, false);

    const created = await engine.create(await checked(inputs({ blobName: "clock2.zip" })), now);
    const createdExpires = new Date(created.outs.sasExpiresOn).getTime();
    assert.ok(Math.abs(createdExpires - (now.getTime() + 6 * DAY)) < 60_000);
  });

  it("check refuses SAS settings no SAS can have, before anything is staged", async () => {
    const { connectionString: _shared, ...entraOnly } = inputs();
    const tooLong = await engine.check({ ...entraOnly, sasValidForDays: 8 });
    assert.deepEqual(
      tooLong.failures.map((failure) => failure.property),
      ["sasValidForDays"],
    );
    assert.match(tooLong.failures[0]?.reason ?? "", /at most 7 days.*Fix: .*connection string/s);
    assert.deepEqual((await engine.check(inputs({ sasValidForDays: 8 }))).failures, []);

    const table: [Partial<engine.StagedBlobInputs>, string[]][] = [
      [{ sasValidForDays: 0 }, ["sasValidForDays"]],
      [{ sasValidForDays: -3 }, ["sasValidForDays"]],
      [{ sasRenewWithinDays: -1 }, ["sasRenewWithinDays"]],
      [{ sasValidForDays: 4, sasRenewWithinDays: 4 }, ["sasRenewWithinDays"]],
    ];
    for (const [extra, properties] of table) {
      const result = await engine.check(inputs(extra));
      assert.deepEqual(
        result.failures.map((failure) => failure.property),
        properties,
        JSON.stringify(extra),
      );
      for (const failure of result.failures) {
        assert.ok(failure.reason.includes(failure.property), "names the argument");
        assert.match(failure.reason, /Fix: /);
      }
    }
  });

  it("check refuses an http blob endpoint (an https-only SAS would be unusable), naming no secret", async () => {
    const { connectionString: _shared, ...entraOnly } = inputs();
    const viaEndpoint = await engine.check({
      ...entraOnly,
      blobEndpoint: azurite.blobEndpoint.replace(/^https:/, "http:"),
    });
    assert.deepEqual(
      viaEndpoint.failures.map((failure) => failure.property),
      ["blobEndpoint"],
    );
    const httpConnection = azurite.connectionString.replace(/https:\/\//g, "http://");
    assert.notEqual(httpConnection, azurite.connectionString);
    const viaConnection = await engine.check(inputs({ connectionString: httpConnection }));
    assert.deepEqual(
      viaConnection.failures.map((failure) => failure.property),
      ["connectionString"],
    );
    assert.doesNotMatch(viaConnection.failures[0]?.reason ?? "", /AccountKey|Eby8/);
    assert.deepEqual(
      (await engine.check(inputs({ connectionString: "UseDevelopmentStorage=true" }))).failures.map(
        (failure) => failure.property,
      ),
      ["connectionString"],
    );
  });

  it("a linked package folder (build/current → release) is staged like the release itself", async () => {
    const { mkdirSync, symlinkSync } = await import("node:fs");
    const release = join(dir.path, "release-1");
    mkdirSync(release);
    writeFileSync(join(release, "install.sh"), "echo release\n");
    const current = join(dir.path, "current");
    symlinkSync(release, current);
    const viaLink = await checked(inputs({ source: current, archiveFormat: "tar.gz" }));
    const direct = await checked(inputs({ source: release, archiveFormat: "tar.gz" }));
    assert.equal(viaLink.contentSha256, direct.contentSha256);
    const { outs } = await engine.create(viaLink);
    assert.equal(outs.blobName, `${outs.sha256}/current.tar.gz`);
    assert.equal((await plainFetch(outs.sasUrl, azurite.caCert ?? "")).sha256, outs.sha256);
  });

  it("retainOnDelete keeps the blob", async () => {
    const { outs } = await engine.create(
      await checked(inputs({ retainOnDelete: true, blobName: "kept.zip" })),
    );
    await engine.remove(outs);
    assert.equal(await exists("kept.zip"), true);
  });

  it("check reports every invalid input by property", async () => {
    const result = await engine.check(
      inputs({
        kind: "tool",
        blobType: "append",
        archiveFormat: "rar",
        sasValidForDays: 2,
        sasRenewWithinDays: 3,
      }),
    );
    assert.deepEqual(
      result.failures.map((failure) => failure.property),
      ["kind", "blobType", "archiveFormat", "sasRenewWithinDays"],
    );
  });

  it("the serialized provider runs in a fresh process and loads the engine by path", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => stagedBlobProvider, {
      allowSecrets: true,
    });
    assert.doesNotMatch(serialized.text, /storage-blob|BlobServiceClient/, "no Azure SDK captured");
    assert.match(serialized.text, /stagedBlobEngine/);
    const providerFile = join(dir.path, "provider.js");
    writeFileSync(providerFile, serialized.text);
    const { outs } = await engine.create(await checked(inputs({ blobName: "serialized.zip" })));
    const propsFile = join(dir.path, "props.json");
    writeFileSync(
      propsFile,
      JSON.stringify({ outs, news: await checked(inputs({ blobName: "serialized.zip" })) }),
    );
    const script = `
      const provider = require(${JSON.stringify(providerFile)}).handler();
      const { outs, news } = require(${JSON.stringify(propsFile)});
      (async () => {
        const diff = await provider.diff(outs.url, outs, news);
        await provider.delete(outs.url, outs);
        console.log(JSON.stringify(diff));
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", script],
      {
        cwd: join(__dirname, "../.."),
        env: { ...process.env, TS_NODE_PROJECT: join(__dirname, "../../tsconfig.json") },
      },
    );
    assert.equal(JSON.parse(stdout).changes, false);
    assert.equal(
      await exists("serialized.zip"),
      false,
      "delete ran through the serialized provider",
    );
  });
});

describe("StagedBlob resource (mocked engine)", () => {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args);
          return {
            id: `${args.name}-id`,
            state: { ...args.inputs, sasUrl: "https://x/y?sig=secret" },
          };
        },
        call: (args) => args.inputs,
      },
      "project",
      "stack",
      false,
    );
  });

  it("rejects a plain connection string at once, naming the fix", () => {
    assert.throws(
      () =>
        new StagedBlob("plain", {
          source: "app.zip",
          accountName: "acct",
          containerName: "packages",
          connectionString: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k",
        }),
      (error: Error) =>
        error instanceof StagedBlobSecretError && /pulumi\.secret/.test(error.message),
    );
  });

  it("accepts a secret connection string and registers pulumi-nodejs:dynamic/vmapps:StagedBlob with secret outputs", async () => {
    const blob = new StagedBlob("secret", {
      source: "app.zip",
      accountName: "acct",
      containerName: "packages",
      connectionString: pulumi.secret("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k"),
    });
    await new Promise((resolve) => blob.urn.apply(resolve));
    const args = registered.find((resource) => resource.name === "secret");
    assert.equal(args?.type, "pulumi-nodejs:dynamic/vmapps:StagedBlob");
    assert.deepEqual(STAGED_BLOB_SECRET_OUTPUTS, ["sasUrl", "connectionString"]);
  });

  it("a non-secret Output carrying the connection string fails; a secret one passes through", async () => {
    type Awaitable = { promise(): Promise<string> };
    const leaky = requireSecretInput("leaky", pulumi.output("AccountKey=k"));
    await assert.rejects((leaky as unknown as Awaitable).promise(), StagedBlobSecretError);
    const kept = requireSecretInput("kept", pulumi.secret("AccountKey=k"));
    assert.equal(await (kept as unknown as Awaitable).promise(), "AccountKey=k");
    assert.equal(await pulumi.isSecret(kept), true);
  });
});
