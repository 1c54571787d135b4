import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { StagingError } from "../../sdk/staging/errors";
import { SAS_SERVICE_VERSION } from "../../sdk/staging/sas/rules";
import { createReadSas } from "../../sdk/staging/sas/sign";
import { type StageResult, stagePackage } from "../../sdk/staging/upload/stage";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { fakeEntraCredential, plainFetch, sha256Of, tempDir, writeRandomFile } from "./helpers";

describe("createReadSas against Azurite over HTTPS", function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let dir: ReturnType<typeof tempDir>;
  let staged: StageResult;
  let fileSha256: string;
  const credential = fakeEntraCredential();
  const caCert = () => azurite.caCert ?? "";
  const window = (fromNowMs: number, lengthMs: number) => ({
    startsOn: new Date(Date.now() + fromNowMs),
    expiresOn: new Date(Date.now() + fromNowMs + lengthMs),
  });

  before(async () => {
    azurite = await startAzurite({ oauth: true });
    dir = tempDir();
    const file = writeRandomFile(join(dir.path, "app.zip"), 300_000);
    fileSha256 = sha256Of(readFileSync(file));
    // Staged with an Entra ID token, as with shared-key access disabled.
    staged = await stagePackage({
      source: file,
      target: {
        containerUrl: `${azurite.blobEndpoint}/packages`,
        credential,
        caCert: caCert(),
        createContainer: true,
      },
      blockSize: 64 * 1024,
    });
  });
  after(async () => {
    await azurite?.stop();
    dir?.remove();
  });

  const kinds = [
    ["service SAS (account key)", () => ({ accountKey: azurite.accountKey })],
    ["user delegation SAS (Entra ID)", () => ({ credential, caCert: caCert() })],
  ] as const;

  for (const [label, signer] of kinds) {
    describe(label, () => {
      it("is read-only, HTTPS-only, pinned, and valid exactly for the window", async () => {
        const startsOn = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
        const sas = await createReadSas({
          blobUrl: staged.url,
          startsOn,
          expiresOn: new Date(Date.now() + 3 * 24 * 3600_000),
          ...signer(),
        });
        assert.equal(sas.startsOn, startsOn);
        const query = new URL(sas.sasUrl).searchParams;
        assert.equal(query.get("sp"), "r");
        assert.equal(query.get("spr"), "https");
        assert.equal(query.get("sv"), SAS_SERVICE_VERSION);
        assert.equal(query.get("sr"), "b");
        assert.equal(query.get("se"), sas.expiresOn.toISOString().replace(/\.\d{3}Z$/, "Z"));
        assert.equal(query.get("st"), sas.startsOn.toISOString().replace(/\.\d{3}Z$/, "Z"));
        assert.equal(
          sas.sasUrl.split("?")[0],
          staged.url,
          "same blob path, only the query differs",
        );
        assert.equal(sas.kind, label.startsWith("user") ? "user-delegation" : "service");
      });

      it("downloads identical bytes with a plain fetch; PUT and DELETE get 403", async () => {
        const sas = await createReadSas({
          blobUrl: staged.url,
          ...window(-60_000, 3600_000),
          ...signer(),
        });
        const got = await plainFetch(sas.sasUrl, caCert());
        assert.equal(got.status, 200);
        assert.equal(got.sha256, fileSha256);
        assert.equal((await plainFetch(sas.sasUrl, caCert(), "PUT")).status, 403);
        assert.equal((await plainFetch(sas.sasUrl, caCert(), "DELETE")).status, 403);
        assert.equal((await plainFetch(sas.sasUrl, caCert())).sha256, fileSha256, "still there");
      });

      it("gets 403 once expired, before it starts, and with a tampered signature", async () => {
        // An already expired window is refused at signing; sign a short one and outlive it.
        const expired = await createReadSas({
          blobUrl: staged.url,
          ...window(-120_000, 121_500),
          ...signer(),
        });
        await sleep(expired.expiresOn.getTime() - Date.now() + 1000);
        assert.equal((await plainFetch(expired.sasUrl, caCert())).status, 403);
        const future = await createReadSas({
          blobUrl: staged.url,
          ...window(600_000, 60_000),
          ...signer(),
        });
        assert.equal((await plainFetch(future.sasUrl, caCert())).status, 403);
        const valid = await createReadSas({
          blobUrl: staged.url,
          ...window(-60_000, 3600_000),
          ...signer(),
        });
        const tampered = new URL(valid.sasUrl);
        tampered.searchParams.set(
          "se",
          new Date(Date.now() + 7200_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        );
        assert.equal((await plainFetch(tampered.toString(), caCert())).status, 403);
      });
    });
  }

  it("rejects impossible requests before signing", async () => {
    await assert.rejects(
      createReadSas({ blobUrl: staged.url, ...window(0, 3600_000) }),
      /exactly one of accountKey or credential/,
    );
    await assert.rejects(
      createReadSas({ blobUrl: staged.url, ...window(0, -1), accountKey: azurite.accountKey }),
      /after startsOn/,
    );
    await assert.rejects(
      createReadSas({
        blobUrl: staged.url,
        ...window(0, 8 * 24 * 3600_000),
        credential,
        caCert: caCert(),
      }),
      /at most 7 days/,
    );
  });

  for (const [label, signer] of kinds) {
    it(`${label}: refuses a window that has already expired`, async () => {
      await assert.rejects(
        createReadSas({ blobUrl: staged.url, ...window(-120_000, 60_000), ...signer() }),
        (error: StagingError) =>
          error.code === "SAS_WINDOW" && /is not after now/.test(error.message),
      );
    });

    it(`${label}: refuses an http:// blob URL (the SAS is HTTPS-only)`, async () => {
      const httpUrl = staged.url.replace(/^https:/, "http:");
      await assert.rejects(
        createReadSas({ blobUrl: httpUrl, ...window(-60_000, 3600_000), ...signer() }),
        (error: StagingError) =>
          error.code === "SAS_NOT_HTTPS" &&
          /HTTPS-only/.test(error.message) &&
          /https:\/\//.test(error.fix),
      );
    });
  }

  it("judges the window by the caller's clock when given", async () => {
    const later = new Date(Date.now() + 30 * 24 * 3600_000);
    const sas = await createReadSas({
      blobUrl: staged.url,
      startsOn: later,
      expiresOn: new Date(later.getTime() + 3600_000),
      now: later,
      accountKey: azurite.accountKey,
    });
    assert.equal(
      new URL(sas.sasUrl).searchParams.get("st"),
      later.toISOString().replace(/\.\d{3}Z$/, "Z"),
    );
    const early = new Date(Date.now() - 30 * 24 * 3600_000);
    await assert.rejects(
      createReadSas({
        blobUrl: staged.url,
        startsOn: early,
        expiresOn: new Date(early.getTime() + 3600_000),
        now: new Date(early.getTime() + 7200_000),
        accountKey: azurite.accountKey,
      }),
      /is not after now/,
    );
  });
});
