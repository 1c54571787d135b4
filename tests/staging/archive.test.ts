import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import type { StagingError } from "../../sdk/staging/errors";
import { padForPageBlob } from "../../sdk/staging/source/align";
import { type ArchiveFormat, archivePackage } from "../../sdk/staging/source/archive";
import { stagePackage } from "../../sdk/staging/upload/stage";
import { type Azurite, startAzurite } from "../../tools/azurite";
import { KiB, tempDir, writeRandomFile } from "./helpers";

/** Runs a reader and returns its combined output; fails on a non-zero exit. */
function read(command: string, args: string[]): string {
  const run = spawnSync(command, args, { encoding: "utf8" });
  assert.equal(run.status, 0, `${command} ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout + run.stderr;
}

function makeApp(root: string): string {
  const app = join(root, "app");
  mkdirSync(join(app, "bin"), { recursive: true });
  mkdirSync(join(app, "empty"), { recursive: true });
  writeFileSync(join(app, "install.sh"), "#!/bin/sh\necho installed\n");
  chmodSync(join(app, "install.sh"), 0o755);
  writeFileSync(join(app, "README"), "read me\n");
  writeRandomFile(join(app, "bin", "payload.bin"), 70 * KiB + 3);
  return app;
}

describe("archivePackage and page-blob padding", function () {
  this.timeout(60_000);
  let dir: ReturnType<typeof tempDir>;
  let app: string;
  let azurite: Azurite;
  let container: ContainerClient;

  before(async () => {
    dir = tempDir();
    app = makeApp(dir.path);
    azurite = await startAzurite();
    container = new ContainerClient(azurite.connectionString, "pages");
    await container.create();
  });
  after(async () => {
    await azurite?.stop();
    dir?.remove();
  });

  for (const format of ["zip", "tar.gz", "tar"] as ArchiveFormat[]) {
    it(`${format}: same folder → same bytes, even after touching timestamps`, async () => {
      const first = await archivePackage(app, { format, outFile: join(dir.path, `a1.${format}`) });
      utimesSync(join(app, "README"), new Date(2001, 1, 1), new Date(2001, 1, 1));
      const second = await archivePackage(app, { format, outFile: join(dir.path, `a2.${format}`) });
      assert.deepEqual(readFileSync(first.path), readFileSync(second.path));
      assert.deepEqual(first.entries, [
        "README",
        "bin/",
        "bin/payload.bin",
        "empty/",
        "install.sh",
      ]);
      writeFileSync(join(app, "README"), "read me again\n");
      const third = await archivePackage(app, { format, outFile: join(dir.path, `a3.${format}`) });
      assert.notDeepEqual(readFileSync(third.path), readFileSync(first.path));
      writeFileSync(join(app, "README"), "read me\n");
    });

    it(`${format}: page-blob archive is 512-aligned, reads without warnings, stages as a page blob`, async () => {
      const archive = await archivePackage(app, {
        format,
        pageBlob: true,
        outFile: join(dir.path, `p.${format}`),
      });
      assert.equal(archive.size % 512, 0);
      assert.equal(statSync(archive.path).size, archive.size);
      const listing =
        format === "zip"
          ? read("unzip", ["-t", archive.path])
          : read("tar", [format === "tar" ? "-tvf" : "-tvzf", archive.path]);
      assert.doesNotMatch(listing, /warning|ignor|trailing|garbage|extra bytes/i);
      assert.match(listing, /install\.sh/);
      if (format === "zip") assert.match(listing, /No errors detected/);
      if (format === "tar.gz") read("gzip", ["-t", archive.path]);
      // The executable bit survives, everything else is fixed.
      const tarListing = format === "zip" ? read("zipinfo", [archive.path]) : listing;
      assert.match(tarListing, /-rwxr-xr-x.*install\.sh/);
      assert.match(tarListing, /-rw-r--r--.*README/);

      const staged = await stagePackage({
        source: archive.path,
        target: { connectionString: azurite.connectionString, containerName: "pages" },
        blobType: "page",
      });
      assert.equal(staged.blobType, "page");
      assert.equal(
        (await container.getBlobClient(staged.blobName).getProperties()).blobType,
        "PageBlob",
      );
      const downloaded = join(dir.path, `downloaded.${format}`);
      await container.getBlobClient(staged.blobName).downloadToFile(downloaded);
      if (format === "zip") read("unzip", ["-t", downloaded]);
      else read("tar", [format === "tar" ? "-tf" : "-tzf", downloaded]);
    });
  }

  it("pads a zip made by another tool, keeping its own comment", async () => {
    const zipFile = join(dir.path, "other.zip");
    execFileSync("zip", ["-qr", zipFile, "."], { cwd: app });
    execFileSync("sh", ["-c", `echo "built by CI" | zip -qz ${zipFile}`]);
    const padded = await padForPageBlob(zipFile, { outFile: join(dir.path, "other-padded.zip") });
    assert.equal(padded.format, "zip");
    assert.equal(padded.size % 512, 0);
    assert.ok(padded.paddedBytes > 0);
    assert.match(read("unzip", ["-t", padded.path]), /built by CI/);
    assert.equal(
      statSync(zipFile).size,
      padded.originalSize,
      "outFile leaves the source untouched",
    );
  });

  it("refuses to pad an unknown format unless allowed, then pads with zeros", async () => {
    const exe = join(dir.path, "setup.exe");
    writeFileSync(exe, Buffer.concat([Buffer.from("MZ"), Buffer.alloc(998, 7)]));
    await assert.rejects(
      padForPageBlob(exe),
      (error: StagingError) => error.code === "UNKNOWN_FORMAT_NOT_ALIGNED",
    );
    const padded = await padForPageBlob(exe, { allowPadding: true });
    assert.equal(padded.size, 1024);
    assert.deepEqual(readFileSync(exe).subarray(1000), Buffer.alloc(24));
  });

  it("refuses a truncated tar and a zip without end record", async () => {
    const tarFile = join(dir.path, "cut.tar");
    const archive = await archivePackage(app, {
      format: "tar",
      outFile: join(dir.path, "whole.tar"),
    });
    writeFileSync(tarFile, readFileSync(archive.path).subarray(0, 1000));
    await assert.rejects(padForPageBlob(tarFile), /TAR_NOT_ALIGNED|whole 512-byte/);
    const zipFile = join(dir.path, "cut.zip");
    writeFileSync(zipFile, Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(100)]));
    await assert.rejects(padForPageBlob(zipFile), /end-of-central-directory/);
  });

  it("refuses symlinks, empty folders and files as archive sources", async () => {
    const linked = join(dir.path, "linked");
    mkdirSync(linked);
    writeFileSync(join(linked, "real"), "x");
    symlinkSync(join(linked, "real"), join(linked, "link"));
    await assert.rejects(archivePackage(linked, { format: "zip" }), /symbolic link/);
    const empty = join(dir.path, "nothing");
    mkdirSync(empty);
    await assert.rejects(archivePackage(empty, { format: "tar.gz" }), /no files/);
    await assert.rejects(archivePackage(join(app, "README"), { format: "zip" }), /not a folder/);
  });

  it("follows a link that IS the folder (build/current → release), same bytes as the release", async () => {
    const current = join(dir.path, "current");
    symlinkSync(app, current);
    for (const format of ["zip", "tar.gz"] as ArchiveFormat[]) {
      // Without outFile each archive gets a temp folder of its own, which is the caller's to remove.
      const viaLink = await archivePackage(current, { format });
      const direct = await archivePackage(app, { format });
      try {
        assert.deepEqual(readFileSync(viaLink.path), readFileSync(direct.path));
        assert.deepEqual(viaLink.entries, direct.entries);
        assert.match(viaLink.path, new RegExp(`current\\.${format.replace(".", "\\.")}$`));
      } finally {
        for (const archive of [viaLink, direct]) {
          rmSync(dirname(archive.path), { recursive: true, force: true });
        }
      }
    }
    const toFile = join(dir.path, "to-file");
    symlinkSync(join(app, "README"), toFile);
    await assert.rejects(archivePackage(toFile, { format: "zip" }), /not a folder/);
    await assert.rejects(
      archivePackage(join(dir.path, "absent"), { format: "zip" }),
      /not a folder/,
    );
  });

  it("a file unreadable mid-archive rejects the call, leaving no temp folder (zip crashed the process)", async () => {
    const archives = () =>
      readdirSync(tmpdir()).filter((name) => name.startsWith("vmapps-archive-"));
    const before = archives();
    // Reading a file fails after the listing succeeded: a file locked, or gone, mid-archive.
    const fs = require("node:fs") as typeof import("node:fs");
    const original = fs.createReadStream;
    fs.createReadStream = ((path: string) => {
      const stream = original(path);
      stream.destroy(Object.assign(new Error(`EIO: i/o error, read '${path}'`), { code: "EIO" }));
      return stream;
    }) as typeof fs.createReadStream;
    try {
      for (const format of ["tar.gz", "zip"] as ArchiveFormat[]) {
        await assert.rejects(archivePackage(app, { format }), /EIO/);
      }
    } finally {
      fs.createReadStream = original;
    }
    assert.deepEqual(archives(), before);
  });

  it("still refuses links inside a linked folder, to files and to folders", async () => {
    const release = join(dir.path, "release");
    mkdirSync(join(release, "lib"), { recursive: true });
    writeFileSync(join(release, "lib", "real"), "x");
    symlinkSync(join(release, "lib"), join(release, "lib-link"));
    const current = join(dir.path, "current-release");
    symlinkSync(release, current);
    await assert.rejects(
      archivePackage(current, { format: "tar" }),
      (error: StagingError) =>
        error.code === "ARCHIVE_UNSUPPORTED_ENTRY" &&
        /lib-link is a symbolic link/.test(error.message),
    );
  });

  for (const format of ["zip", "tar.gz", "tar"] as ArchiveFormat[]) {
    it(`${format}: stops when its signal aborts (Ctrl-C while archiving)`, async () => {
      const big = join(dir.path, `big-${format.replace(".", "-")}`);
      mkdirSync(big);
      for (let index = 0; index < 8; index++) {
        writeRandomFile(join(big, `part${index}.bin`), 2 * 1024 * KiB);
      }
      const controller = new AbortController();
      const archived = archivePackage(big, {
        format,
        outFile: join(dir.path, `aborted.${format}`),
        signal: controller.signal,
      });
      setImmediate(() => controller.abort(new Error("SIGINT")));
      await assert.rejects(archived, (error: Error) =>
        /abort|SIGINT/i.test(`${error.name} ${error.message}`),
      );
    });
  }
});
