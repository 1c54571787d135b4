import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { vmapps } from "./helpers";

function download(url: string, ca: string | undefined): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
      );
    }).on("error", reject);
  });
}

describe("vmapps stage (Azurite over HTTPS)", function () {
  this.timeout(120_000);
  let azurite: Azurite;
  let work: string;
  let caFile: string;
  let folder: string;

  before(async () => {
    azurite = await startAzurite({ https: true });
    work = mkdtempSync(join(tmpdir(), "vmapps-cli-stage-"));
    caFile = join(work, "azurite-ca.pem");
    writeFileSync(caFile, azurite.caCert ?? "");
    folder = join(work, "app");
    mkdirSync(join(folder, "bin"), { recursive: true });
    writeFileSync(join(folder, "install.sh"), "#!/bin/sh\necho installed\n");
    // Real bytes of a real size: a little over one 1 MiB block when archived.
    writeFileSync(
      join(folder, "bin", "agent"),
      createHash("sha512").update("x").digest().toString("hex").repeat(9000),
    );
  });

  after(async () => {
    await azurite?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function stage(args: string[], env: Record<string, string> = {}) {
    const io = bufferIo({
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, ...env },
    });
    const code = await main(["stage", ...args], io);
    return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
  }

  /** `vmapps stage <path> --container packages`, trusting Azurite's certificate, plus `flags`. */
  function stageToPackages(path: string, ...flags: string[]) {
    return stage([path, "--container", "packages", "--ca-cert", caFile, ...flags]);
  }

  it("stages a folder as a zip, verifies it, and keeps the SAS and the key out of the output", async () => {
    const run = await stageToPackages(folder, "--create-container");
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Staged and verified/);
    assert.match(
      run.out,
      /url {10}https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/packages\/[0-9a-f]{64}\/app\.zip/,
    );
    assert.match(run.out, /expires \d{4}-\d\d-\d\dT/);
    assert.doesNotMatch(run.out + run.err, /sig=/);
    assert.doesNotMatch(
      run.out + run.err,
      new RegExp(azurite.accountKey.slice(0, 20).replace(/[+/]/g, ".")),
    );
  });

  it("--json --show-sas gives a SAS URL that downloads exactly the staged bytes, read-only", async () => {
    const run = await stageToPackages(folder, "--json", "--show-sas");
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out);
    assert.equal(result.skipped, true, "unchanged folder → same archive → not sent again");
    assert.equal(result.uploadedBytes, 0);
    const sas = new URL(result.sasUrl);
    assert.equal(sas.searchParams.get("sp"), "r");
    assert.equal(sas.searchParams.get("spr"), "https");
    const { status, body } = await download(result.sasUrl, azurite.caCert);
    assert.equal(status, 200);
    assert.equal(body.length, result.size);
    assert.equal(createHash("sha256").update(body).digest("hex"), result.sha256);
    assert.equal(createHash("md5").update(body).digest("hex"), result.md5);
  });

  it("--json without --show-sas has no SAS URL in it", async () => {
    const run = await stageToPackages(folder, "--json");
    const result = JSON.parse(run.out);
    assert.equal(result.sasUrl, undefined);
    assert.doesNotMatch(run.out, /sig=/);
  });

  it("--blob-type page stages a 512-byte multiple as a page blob", async () => {
    const run = await stageToPackages(
      folder,
      "--blob-type",
      "page",
      "--format",
      "tar.gz",
      "--json",
    );
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out);
    assert.equal(result.blobType, "page");
    assert.equal(result.size % 512, 0);
    assert.match(result.blobName, /\/app\.tar\.gz$/);
  });

  it("an untrusted certificate is one line plus the --ca-cert fix, exit 1", async () => {
    const run = await stage([folder, "--container", "packages"]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.err.split("\n").length, 2);
    assert.match(run.err, /fix: trust the endpoint's certificate: --ca-cert/);
  });

  for (const [label, args, env, expected] of [
    [
      "no storage account",
      ["x", "--container", "c"],
      { AZURE_STORAGE_CONNECTION_STRING: "" },
      /no storage account given/,
    ],
    ["no container", ["x"], {}, /--container is required/],
    ["no path", ["--container", "c"], {}, /no package given/],
  ] as const) {
    it(`${label}: usage error, exit 2`, async () => {
      const run = await stage([...args], { ...env });
      assert.equal(run.code, 2);
      assert.match(run.err, expected);
      assert.match(run.err, /\n {2}fix: /);
    });
  }

  it("a missing file is an error before any upload, exit 1", async () => {
    const run = await stageToPackages(join(work, "missing.zip"));
    assert.equal(run.code, 1);
    assert.match(run.err, /does not exist/);
  });

  it("the bin reads the connection string from the environment and prints plain progress lines", () => {
    const run = vmapps(
      ["stage", folder, "--container", "bin", "--create-container", "--ca-cert", caFile],
      {
        env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Staging app 100% \(/m);
    const controlCodes = ["\r", "\u001b["].filter((code) => run.stdout.includes(code));
    assert.deepEqual(controlCodes, [], "no terminal control codes when not a TTY");
  });
});
