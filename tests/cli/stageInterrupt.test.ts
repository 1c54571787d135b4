import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { containerClientFor } from "../../sdk/staging/client";
import { archivePackage } from "../../sdk/staging/source/archive";
import { stagePackage } from "../../sdk/staging/upload/stage";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { type FaultProxy, startFaultProxy } from "../staging/faultProxy";
import { MiB, writeRandomFile } from "../staging/helpers";
import { ROOT } from "./helpers";

/** A process id that existed and is gone: the owner of a folder a killed run left behind. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(child.pid);
  return child.pid;
}

/** What vmapps put in a temp folder (ts-node, running the bin from a clone, caches there too). */
function vmappsTemp(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith("vmapps-"));
}

describe("vmapps stage interrupted (the real bin, Azurite behind a proxy)", function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let proxy: FaultProxy;
  let work: string;
  let folder: string;
  let putBlocks = 0;

  before(async () => {
    azurite = await startAzurite();
    // The first block goes through, every later one is never answered: the upload is reliably
    // mid-way when progress shows, however fast the machine.
    proxy = await startFaultProxy(azurite.blobEndpoint, (request) => {
      if (!/[?&]comp=block(&|$)/.test(request.url ?? "")) return "pass";
      return putBlocks++ === 0 ? "pass" : "hang";
    });
    work = mkdtempSync(join(tmpdir(), "vmapps-cli-interrupt-"));
    folder = join(work, "app");
    mkdirSync(folder);
    // 40 MiB of noise: five 8 MiB blocks, more than the four sent at once.
    writeRandomFile(join(folder, "payload.bin"), 40 * MiB);
    await containerClientFor({
      connectionString: azurite.connectionString,
      containerName: "interrupted",
    }).create();
  });

  after(async () => {
    await proxy?.close();
    await azurite?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("Ctrl-C mid-upload: exit 130, one line saying the same command resumes, no temp archive left (nor a killed run's)", async () => {
    // The child's temp folder, so its archive (and nothing else) is visible to the test.
    const childTmp = mkdtempSync(join(work, "tmp-"));
    const stale = join(childTmp, "vmapps-stage-killed");
    mkdirSync(stale);
    writeFileSync(join(stale, "owner.json"), JSON.stringify({ pid: deadPid(), host: hostname() }));
    writeFileSync(join(stale, "app.tar"), "left behind by a SIGKILLed stage");

    const env: Record<string, string | undefined> = {
      ...process.env,
      TMPDIR: childTmp,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString.replace(
        azurite.blobEndpoint,
        proxy.endpoint,
      ),
    };
    delete env.TS_NODE_TRANSPILE_ONLY;
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "bin", "vmapps.js"),
        "stage",
        folder,
        "--format",
        "tar",
        "--container",
        "interrupted",
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let tempWhileUploading: string[] = [];
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => done({ code, signal })),
    );
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (tempWhileUploading.length === 0 && /^Staging app \d+%/m.test(stdout)) {
        tempWhileUploading = vmappsTemp(childTmp).flatMap((name) =>
          readdirSync(join(childTmp, name)).map((file) => `${name}/${file}`),
        );
        child.kill("SIGINT");
      }
    });
    const { code, signal } = await exited;

    assert.match(stdout, /^Staging app 20% \(8\.00 MiB \/ 40\.0 MiB\)$/m, stdout + stderr);
    assert.equal(tempWhileUploading.length, 2, `archive and owner file: ${tempWhileUploading}`);
    assert.ok(
      tempWhileUploading.some((file) => /^vmapps-stage-\w+\/app\.tar$/.test(file)),
      "the archive was there while uploading, and the killed run's folder was already swept",
    );
    assert.deepEqual({ code, signal }, { code: 130, signal: null });
    assert.deepEqual(stderr.trimEnd().split("\n"), [
      "interrupted with 8.00 MiB of 40.0 MiB uploaded (its temporary archive was removed); run the same command again to resume: blocks already stored are not sent again (Azure keeps them 7 days; changed content starts over)",
    ]);
    assert.deepEqual(vmappsTemp(childTmp), [], "no temporary archive is left behind");

    // What the line promises: the same folder, staged again, sends only the missing blocks.
    const archiveDir = mkdtempSync(join(work, "again-"));
    const archive = await archivePackage(folder, {
      format: "tar",
      outFile: join(archiveDir, "app.tar"),
    });
    const again = await stagePackage({
      source: archive.path,
      target: { connectionString: azurite.connectionString, containerName: "interrupted" },
    });
    assert.equal(again.skipped, false);
    assert.equal(again.uploadedBytes, archive.size - 8 * MiB, "the stored block is not sent again");
  });
});
