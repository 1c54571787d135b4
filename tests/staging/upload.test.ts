import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import { DEFAULT_BLOCK_SIZE } from "../../sdk/core/shared/limits";
import { StagingError } from "../../sdk/staging/errors";
import { hashFile } from "../../sdk/staging/source/hash";
import { type StageProgress, stagePackage } from "../../sdk/staging/upload/stage";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { startFaultProxy } from "./faultProxy";
import { KiB, MiB, md5sum, sha256Of, tempDir, writeRandomFile } from "./helpers";

describe("stagePackage against Azurite", function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let dir: ReturnType<typeof tempDir>;
  let container: ContainerClient;
  const containerName = "staging";
  const target = (extra: object = {}) => ({
    connectionString: azurite.connectionString,
    containerName,
    ...extra,
  });

  before(async () => {
    azurite = await startAzurite();
    dir = tempDir();
    container = new ContainerClient(azurite.connectionString, containerName);
    await container.create();
  });
  after(async () => {
    await azurite?.stop();
    dir?.remove();
  });

  async function download(blobName: string): Promise<Buffer> {
    return container.getBlobClient(blobName).downloadToBuffer();
  }

  const sizes: Array<[string, number]> = [
    ["1 byte", 1],
    ["exactly one block", 64 * KiB],
    ["one block + 1 byte", 64 * KiB + 1],
    ["several blocks and a tail", 5 * 64 * KiB + 123],
  ];
  for (const [label, size] of sizes) {
    it(`stages ${label} verified, with progress after each block`, async () => {
      const file = writeRandomFile(join(dir.path, `file-${size}.bin`), size);
      const progress: StageProgress[] = [];
      const result = await stagePackage({
        source: file,
        target: target(),
        blockSize: 64 * KiB,
        onProgress: (p) => progress.push(p),
      });
      assert.equal(result.size, size);
      assert.equal(result.md5, md5sum(file));
      assert.equal(result.sha256, sha256Of(readFileSync(file)));
      assert.equal(result.blocks, Math.ceil(size / (64 * KiB)));
      assert.equal(result.uploadedBytes, size);
      assert.equal(result.skipped, false);
      assert.equal(result.blobName, `${result.sha256}/file-${size}.bin`);
      assert.deepEqual(await download(result.blobName), readFileSync(file));
      assert.equal(progress.length, result.blocks);
      assert.equal(progress.at(-1)?.doneBytes, size);
      const properties = await container.getBlobClient(result.blobName).getProperties();
      assert.equal(properties.metadata?.sha256, result.sha256);
      assert.equal(Buffer.from(properties.contentMD5 ?? []).toString("hex"), result.md5);
      const blocks = await container.getBlockBlobClient(result.blobName).getBlockList("committed");
      assert.equal(blocks.committedBlocks?.length, result.blocks);
    });
  }

  it("precomputes each block's Content-MD5 in the hashing pass", async () => {
    const file = writeRandomFile(join(dir.path, "md5s.bin"), 5 * 64 * KiB + 77);
    const digests = await hashFile(file, undefined, 64 * KiB);
    const bytes = readFileSync(file);
    const expected = Array.from({ length: 6 }, (_, index) =>
      createHash("md5")
        .update(bytes.subarray(index * 64 * KiB, (index + 1) * 64 * KiB))
        .digest("base64"),
    );
    assert.deepEqual(digests.blockMd5s, expected);
    assert.equal(Buffer.from(digests.md5, "base64").toString("hex"), md5sum(file));
  });

  it("stages a 300 MiB file with the default 8 MiB blocks; MD5 equals md5sum", async function () {
    this.timeout(180_000);
    const big = tempDir("vmapps-300mib-");
    try {
      const file = writeRandomFile(join(big.path, "big.bin"), 300 * MiB);
      const result = await stagePackage({ source: file, target: target() });
      assert.equal(result.blockSize, DEFAULT_BLOCK_SIZE);
      assert.equal(result.blocks, Math.ceil((300 * MiB) / DEFAULT_BLOCK_SIZE));
      assert.equal(result.md5, md5sum(file));
      const properties = await container.getBlobClient(result.blobName).getProperties();
      assert.equal(properties.contentLength, 300 * MiB);
      await container.deleteBlob(result.blobName);
    } finally {
      big.remove();
    }
  });

  it("skips a committed blob with the same name and SHA-256, re-stages a changed one", async () => {
    const file = writeRandomFile(join(dir.path, "same.bin"), 100 * KiB);
    const options = {
      source: file,
      target: target({ blobName: "fixed/app.bin" }),
      blockSize: 32 * KiB,
    };
    const first = await stagePackage(options);
    const second = await stagePackage(options);
    assert.equal(second.skipped, true);
    assert.equal(second.uploadedBytes, 0);
    assert.equal(second.md5, first.md5);
    writeRandomFile(file, 100 * KiB);
    const third = await stagePackage(options);
    assert.equal(third.skipped, false);
    assert.notEqual(third.sha256, first.sha256);
    assert.deepEqual(await download("fixed/app.bin"), readFileSync(file));
  });

  it("resumes after SIGKILL at half: only missing blocks are sent (≤ 55 %)", async () => {
    const size = 64 * 64 * KiB;
    const file = writeRandomFile(join(dir.path, "resume.bin"), size);
    const script = join(dir.path, "kill-at-half.ts");
    writeFileSync(
      script,
      `const { stagePackage } = require(${JSON.stringify(join(__dirname, "../../sdk/staging/upload/stage"))});
       stagePackage({
         source: ${JSON.stringify(file)},
         target: { connectionString: process.env.CS, containerName: ${JSON.stringify(containerName)}, blobName: "resume.bin" },
         blockSize: ${64 * KiB},
         concurrency: 2,
         onProgress: (p) => { if (p.doneBytes >= p.totalBytes / 2) process.kill(process.pid, "SIGKILL"); },
       });`,
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script], {
        env: {
          ...process.env,
          CS: azurite.connectionString,
          TS_NODE_PROJECT: join(__dirname, "../../tsconfig.json"),
        },
        stdio: ["ignore", "inherit", "inherit"],
      });
      child.on("error", reject);
      child.on("exit", (_code, killedBy) => resolve(killedBy));
    });
    assert.equal(signal, "SIGKILL");
    const staged = await container.getBlockBlobClient("resume.bin").getBlockList("uncommitted");
    assert.ok(
      (staged.uncommittedBlocks?.length ?? 0) >= 32,
      "about half the blocks were staged before the kill",
    );

    const result = await stagePackage({
      source: file,
      target: target({ blobName: "resume.bin" }),
      blockSize: 64 * KiB,
      concurrency: 2,
    });
    assert.equal(result.skipped, false);
    assert.ok(result.uploadedBytes > 0);
    assert.ok(result.uploadedBytes <= 0.55 * size, `resent ${result.uploadedBytes} of ${size}`);
    assert.deepEqual(await download("resume.bin"), readFileSync(file));
  });

  it("completes and verifies through 503s and connection resets, within the concurrency bound", async () => {
    const file = writeRandomFile(join(dir.path, "faults.bin"), 40 * 16 * KiB);
    // About half the distinct requests fail twice (a 503, then a connection reset) before they
    // pass: a high share of faults, yet each request succeeds within the retry budget.
    const attempts = new Map<string, number>();
    const proxy = await startFaultProxy(azurite.blobEndpoint, (request) => {
      const key = `${request.method} ${request.url}`;
      const attempt = attempts.get(key) ?? 0;
      attempts.set(key, attempt + 1);
      if (hashOf(key) % 2 === 1 || attempt >= 2) return "pass";
      return attempt === 0 ? 503 : "reset";
    });
    try {
      const result = await stagePackage({
        source: file,
        target: {
          connectionString: azurite.connectionString.replace(azurite.blobEndpoint, proxy.endpoint),
          containerName,
        },
        blockSize: 16 * KiB,
        concurrency: 3,
        retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 4 },
      });
      assert.ok(proxy.counts.faults >= 20, `injected ${proxy.counts.faults} faults`);
      assert.ok(proxy.counts.maxInFlight <= 3, `max in flight ${proxy.counts.maxInFlight}`);
      assert.equal(result.md5, md5sum(file));
      assert.deepEqual(await download(result.blobName), readFileSync(file));
    } finally {
      await proxy.close();
    }
  });

  it("never retries 403 (or any authorisation/validation failure)", async () => {
    const file = writeRandomFile(join(dir.path, "denied.bin"), 10 * KiB);
    let puts = 0;
    const proxy = await startFaultProxy(azurite.blobEndpoint, (request) => {
      if (request.method !== "PUT") return "pass";
      puts++;
      return 403;
    });
    try {
      await assert.rejects(
        stagePackage({
          source: file,
          target: {
            connectionString: azurite.connectionString.replace(
              azurite.blobEndpoint,
              proxy.endpoint,
            ),
            containerName,
          },
          retry: { baseDelayMs: 1 },
        }),
        (error: { statusCode?: number }) => error.statusCode === 403,
      );
      assert.equal(puts, 1);
    } finally {
      await proxy.close();
    }
  });

  const refusedSources: Array<[string, (path: string) => string, string]> = [
    ["a missing file", (path) => join(path, "nope.bin"), "SOURCE_MISSING"],
    [
      "an empty file",
      (path) => {
        writeFileSync(join(path, "empty.bin"), "");
        return join(path, "empty.bin");
      },
      "SOURCE_EMPTY",
    ],
    ["a folder", (path) => path, "SOURCE_NOT_A_FILE"],
  ];
  for (const [label, make, code] of refusedSources) {
    it(`refuses ${label} before any byte is sent`, async () => {
      // An endpoint nothing listens on: any network attempt would fail differently.
      await assert.rejects(
        stagePackage({
          source: make(dir.path),
          target: {
            containerUrl: "http://127.0.0.1:9/acct/c",
            credential: undefined,
            blobName: "x",
          },
        }),
        (error: StagingError) => error instanceof StagingError && error.code === code,
      );
    });
  }

  it("refuses an unaligned page blob and a bad block size before any byte is sent", async () => {
    const file = writeRandomFile(join(dir.path, "odd.bin"), 1000);
    const nowhere = { containerUrl: "http://127.0.0.1:9/acct/c", blobName: "x" };
    await assert.rejects(
      stagePackage({ source: file, target: nowhere, blobType: "page" }),
      /padForPageBlob/,
    );
    await assert.rejects(
      stagePackage({ source: file, target: nowhere, blockSize: 0 }),
      /blockSize/,
    );
    await assert.rejects(
      stagePackage({ source: file, target: nowhere, concurrency: 0 }),
      /concurrency/,
    );
  });

  it("stops on abort without committing", async () => {
    const file = writeRandomFile(join(dir.path, "abort.bin"), 64 * 16 * KiB);
    const controller = new AbortController();
    await assert.rejects(
      stagePackage({
        source: file,
        target: target({ blobName: "aborted.bin" }),
        blockSize: 16 * KiB,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.partsDone === 3) controller.abort(new Error("stop here"));
        },
      }),
      /stop here/,
    );
    const blocks = await container.getBlockBlobClient("aborted.bin").getBlockList("all");
    assert.equal(blocks.committedBlocks?.length ?? 0, 0);
    assert.ok((blocks.uncommittedBlocks?.length ?? 0) < 64);
  });

  it("stages an aligned page blob in ≤ 4 MiB Put Page calls and verifies it", async () => {
    const file = writeRandomFile(join(dir.path, "pages.bin"), 4 * MiB + 1024);
    const result = await stagePackage({ source: file, target: target(), blobType: "page" });
    assert.equal(result.blobType, "page");
    assert.equal(result.blocks, 2);
    const properties = await container.getBlobClient(result.blobName).getProperties();
    assert.equal(properties.blobType, "PageBlob");
    assert.deepEqual(await download(result.blobName), readFileSync(file));
    const again = await stagePackage({ source: file, target: target(), blobType: "page" });
    assert.equal(again.skipped, true);
  });

  it("replaces a blob of the other type at the same name", async () => {
    const file = writeRandomFile(join(dir.path, "switch.bin"), 2048);
    await stagePackage({ source: file, target: target({ blobName: "switch.bin" }) });
    const page = await stagePackage({
      source: file,
      target: target({ blobName: "switch.bin" }),
      blobType: "page",
    });
    assert.equal(page.skipped, false);
    assert.equal(
      (await container.getBlobClient("switch.bin").getProperties()).blobType,
      "PageBlob",
    );
  });
});

function hashOf(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}
