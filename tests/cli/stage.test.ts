import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChainedTokenCredential, CredentialUnavailableError } from "@azure/identity";
import { main, reportError } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import { containerClientFor } from "../../sdk/staging/client";
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
    const run = await stageToPackages(folder, "--format", "zip", "--create-container");
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
    const run = await stageToPackages(folder, "--format", "zip", "--json", "--show-sas");
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
    const run = await stageToPackages(folder, "--format", "zip", "--json");
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

  it("names a folder's archive as the StagedBlob engine does: bundle.zip/ as zip stays bundle.zip", async () => {
    const bundle = join(work, "bundle.zip");
    mkdirSync(bundle, { recursive: true });
    writeFileSync(join(bundle, "run.cmd"), "echo hi\r\n");
    const run = await stageToPackages(bundle, "--format", "zip", "--json");
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out);
    assert.equal(result.blobName, `${result.sha256}/bundle.zip`);
    assert.deepEqual(result.archived, { format: "zip", entries: 1 });
  });

  it("--blob-type page refuses an installer of 1000 bytes, naming --allow-padding; with it, pads to 1024", async () => {
    const msi = join(work, "setup.msi");
    // The OLE compound-file signature an .msi starts with: not zip, gzip or tar.
    writeFileSync(
      msi,
      Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(992, 7)]),
    );
    const refused = await stageToPackages(msi, "--blob-type", "page");
    assert.equal(refused.code, 1, refused.err);
    assert.deepEqual(refused.err.split("\n"), [
      `error: ${msi} is 1000 bytes (not a multiple of 512) and is not zip, gzip or tar, so appending bytes might break it`,
      "  fix: stage it as a block blob (leave out --blob-type page), repackage it as zip or tar.gz, or pass --allow-padding if its installer ignores trailing zero bytes",
    ]);
    assert.doesNotMatch(refused.err, /allowPadding/);
    const padded = await stageToPackages(msi, "--blob-type", "page", "--allow-padding", "--json");
    assert.equal(padded.code, 0, padded.err);
    const result = JSON.parse(padded.out);
    assert.equal(result.blobType, "page");
    assert.equal(result.size, 1024);
  });

  it("--allow-padding without --blob-type page is a usage error, exit 2", async () => {
    const run = await stageToPackages(folder, "--format", "zip", "--allow-padding");
    assert.equal(run.code, 2);
    assert.match(
      run.err,
      /^error: --allow-padding only applies to a page blob\n {2}fix: add --blob-type page/,
    );
  });

  it("an untrusted certificate is one line plus the --ca-cert fix, exit 1", async () => {
    const run = await stage([folder, "--format", "zip", "--container", "packages"]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.err.split("\n").length, 2);
    assert.match(run.err, /fix: trust the endpoint's certificate: --ca-cert/);
  });

  for (const [label, args, env, expected] of [
    [
      "no storage account",
      ["x", "--container", "packages"],
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

  /** Whether a container exists on Azurite: a refused command must not have created it. */
  function containerExists(name: string) {
    return containerClientFor({
      connectionString: azurite.connectionString,
      containerName: name,
      caCert: azurite.caCert,
    }).exists();
  }

  for (const [label, flags, expected, fix] of [
    [
      "a container name Azure refuses",
      ["--container", "Bad_Name"],
      /^error: --container Bad_Name may hold only lower-case letters, digits and hyphens$/,
      /e\.g\. --container bad-name/,
    ],
    [
      "a container name of 2 characters",
      ["--container", "ab"],
      /^error: --container ab is 2 characters; a container name has 3 to 63$/,
      /3-63 lower-case letters/,
    ],
    [
      "a doubled hyphen in the container name",
      ["--container", "never--made"],
      /two hyphens in a row/,
      /single hyphens/,
    ],
    [
      "--sas-days 0",
      ["--container", "never-made", "--sas-days", "0"],
      /^error: --sas-days 0 is below 1: a SAS lasts at least a day$/,
      /^ {2}fix: give whole days from 1 to 365, e\.g\. --sas-days 6 \(the default\)$/,
    ],
    [
      "--sas-days 2.5",
      ["--container", "never-made", "--sas-days", "2.5"],
      /^error: --sas-days 2\.5 is not a whole number of days$/,
      /whole days from 1 to 365/,
    ],
    [
      "--blob with a .. segment",
      ["--container", "never-made", "--blob", "../../x"],
      /^error: --blob \.\.\/\.\.\/x has a "\." or "\.\." path segment$/,
      /plain segments/,
    ],
    [
      "--blob with an empty segment",
      ["--container", "never-made", "--blob", "a//b"],
      /empty path segment/,
      /single slashes/,
    ],
    [
      "--blob over 1024 characters",
      ["--container", "never-made", "--blob", "b".repeat(1025)],
      /is 1025 characters; a blob name has at most 1024/,
      /--blob/,
    ],
    [
      "a malformed connection string",
      ["--container", "never-made", "--connection-string", "garbage-not-echoed"],
      /^error: the storage connection string in --connection-string is malformed$/,
      /AccountName=…;AccountKey=…/,
    ],
    [
      "an http account URL",
      ["--container", "never-made", "--account-url", "http://contosopkgs.blob.core.windows.net"],
      /^error: --account-url http:\/\/contosopkgs\.blob\.core\.windows\.net is not https$/,
      /use https:\/\/contosopkgs\.blob\.core\.windows\.net:/,
    ],
    [
      "a folder without --format",
      ["--container", "never-made"],
      /^error: .*app is a folder: say which archive to stage it as$/,
      /--format tar\.gz for a Linux VM .* --format zip for Windows/,
    ],
  ] as const) {
    it(`${label}: one usage line and its fix before anything is sent, exit 2`, async () => {
      const run = await stage([folder, "--create-container", "--ca-cert", caFile, ...flags]);
      assert.equal(run.code, 2, run.err);
      const [message, fixLine, ...rest] = run.err.split("\n");
      assert.match(message ?? "", expected);
      assert.match(fixLine ?? "", /^ {2}fix: \S/);
      assert.match(fixLine ?? "", fix);
      assert.deepEqual(rest, []);
      assert.doesNotMatch(run.err, /report it|garbage-not-echoed/);
      assert.equal(await containerExists("never-made"), false, "nothing was created or sent");
    });
  }

  it("--sas-days 8 with --account-url: a user delegation SAS lasts at most 7 days, exit 2", async () => {
    const run = await stage([
      folder,
      "--format",
      "zip",
      "--container",
      "never-made",
      "--account-url",
      "https://contosopkgs.blob.core.windows.net",
      "--sas-days",
      "8",
    ]);
    assert.equal(run.code, 2, run.err);
    assert.deepEqual(run.err.split("\n"), [
      "error: --sas-days 8 is above 7: a user delegation SAS (signed through the --account-url sign-in) lasts at most 7 days",
      "  fix: give whole days from 1 to 7, e.g. --sas-days 6 (the default); a connection string signs a service SAS instead, for up to 365 days",
    ]);
  });

  it("a missing container without --create-container: one line naming it and the flag, exit 1", async () => {
    const run = await stage([
      folder,
      "--format",
      "zip",
      "--container",
      "nosuch",
      "--ca-cert",
      caFile,
    ]);
    assert.equal(run.code, 1, run.err);
    assert.deepEqual(run.err.split("\n"), [
      "error: container nosuch does not exist (ContainerNotFound, HTTP 404)",
      "  fix: add --create-container to create it, or check --container nosuch and the storage account",
    ]);
    assert.equal(await containerExists("nosuch"), false);
  });

  it("a wrong account key: the service's code and status and a fix about the key; no key or SAS printed", async () => {
    const wrongKey = Buffer.alloc(64, 7).toString("base64");
    const run = await stage(
      [folder, "--format", "zip", "--container", "packages", "--ca-cert", caFile],
      {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString.replace(
          azurite.accountKey,
          wrongKey,
        ),
      },
    );
    assert.equal(run.code, 1, run.err);
    const [message, fix, ...rest] = run.err.split("\n");
    // Azurite says AuthorizationFailure where Azure says AuthenticationFailed: both are mapped.
    assert.equal(
      message,
      "error: the storage account refused the request (AuthorizationFailure, HTTP 403)",
    );
    assert.match(fix ?? "", /^ {2}fix: check the account key in the connection string/);
    assert.deepEqual(rest, []);
    assert.doesNotMatch(run.out + run.err, new RegExp(`${wrongKey.slice(0, 12)}|sig=|report it`));
  });

  it("a failed sign-in says so and how to sign in, not 'report it'", async () => {
    // The chain DefaultAzureCredential is, with one source that has nothing to sign in with.
    const unavailable = {
      getToken: async () => {
        throw new CredentialUnavailableError("Azure CLI not found on path");
      },
    };
    const failure = await new ChainedTokenCredential(unavailable)
      .getToken("https://storage.azure.com/.default")
      .then(
        () => assert.fail("a chain of no credentials cannot sign in"),
        (error: unknown) => error,
      );
    const io = bufferIo();
    assert.equal(reportError(failure, io), 1);
    assert.deepEqual(
      io.stderr[0],
      "error: could not sign in to Azure: no credential available (DefaultAzureCredential)",
    );
    assert.match(
      io.stderr[1] ?? "",
      /^ {2}fix: sign in with `az login`, or set AZURE_CLIENT_ID \/ AZURE_TENANT_ID .* or use --connection-string$/,
    );
    assert.equal(io.stderr.length, 2);
  });

  it("an error without a message is still named, by its class and status", () => {
    const failure = Object.assign(new Error(""), { name: "RestError", statusCode: 400 });
    const io = bufferIo();
    reportError(failure, io);
    assert.equal(io.stderr[0], "error: RestError, HTTP 400");
    assert.ok(io.stderr.every((line) => !/^error: *$/.test(line)));
  });

  it("a missing file is an error before any upload, exit 1", async () => {
    const run = await stageToPackages(join(work, "missing.zip"));
    assert.equal(run.code, 1);
    assert.match(run.err, /does not exist/);
  });

  it("the bin reads the connection string from the environment and prints plain progress lines", () => {
    const run = vmapps(
      [
        "stage",
        folder,
        "--format",
        "zip",
        "--container",
        "bin",
        "--create-container",
        "--ca-cert",
        caFile,
      ],
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
