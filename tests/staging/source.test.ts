/**
 * A source has one set of refusal rules, one preparation and one hash (sdk/staging/source/),
 * whoever asks: the StagedBlob engine, `vmapps stage`, the components and the offline plan.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stage } from "../../sdk/cli/commands/stage";
import { CliError } from "../../sdk/cli/errors";
import { describeSource } from "../../sdk/cli/offline/describe";
import {
  ArchiveFormat as ComponentArchiveFormat,
  BlobType as ComponentBlobType,
} from "../../sdk/components";
import { BLOB_TYPES, BlobType } from "../../sdk/core";
import { MAX_CONFIG_BYTES, MAX_PACKAGE_BYTES } from "../../sdk/core/shared/limits";
import { StagingError } from "../../sdk/staging/errors";
import { defaultBlobName } from "../../sdk/staging/names";
import { archivePackage } from "../../sdk/staging/source/archive";
import { checkLocalSource } from "../../sdk/staging/source/check";
import {
  type FolderListing,
  inspectSource,
  type SourceFacts,
} from "../../sdk/staging/source/facts";
import {
  ARCHIVE_FORMATS,
  ArchiveFormat,
  archiveFormatProblems,
  defaultArchiveFormat,
  stagedFileName,
} from "../../sdk/staging/source/formats";
import { prepareSource } from "../../sdk/staging/source/prepare";
import { type StagedKind, sourceRefusals } from "../../sdk/staging/source/rules";
import * as engine from "../../sdk/staging/stagedBlobEngine";
import { tempDir, writeRandomFile } from "./helpers";

const listing = (files: number, refused: string[] = []): FolderListing => ({
  root: "/r",
  entries: Array.from({ length: files }, (_, index) => ({
    name: `f${index}`,
    absolute: `/r/f${index}`,
    kind: "file" as const,
    executable: false,
    size: 1,
  })),
  refused: refused.map((name) => ({ name, absolute: `/r/${name}`, what: "symbolic link" })),
});

describe("source rules (pure)", () => {
  const table: Array<[string, SourceFacts, StagedKind, string[]]> = [
    ["missing", { path: "p", type: "missing" }, "package", ["SOURCE_MISSING"]],
    ["a socket or device", { path: "p", type: "other" }, "package", ["SOURCE_NOT_A_FILE"]],
    ["empty file", { path: "p", type: "file", size: 0 }, "package", ["SOURCE_EMPTY"]],
    ["1 byte", { path: "p", type: "file", size: 1 }, "package", []],
    ["2 GiB package", { path: "p", type: "file", size: MAX_PACKAGE_BYTES }, "package", []],
    [
      "2 GiB + 1 package",
      { path: "p", type: "file", size: MAX_PACKAGE_BYTES + 1 },
      "package",
      ["SOURCE_TOO_LARGE"],
    ],
    ["1 GiB config", { path: "p", type: "file", size: MAX_CONFIG_BYTES }, "config", []],
    [
      "1 GiB + 1 config",
      { path: "p", type: "file", size: MAX_CONFIG_BYTES + 1 },
      "config",
      ["SOURCE_TOO_LARGE"],
    ],
    ["folder with files", { path: "p", type: "folder", listing: listing(2) }, "package", []],
    [
      "folder without files",
      { path: "p", type: "folder", listing: listing(0) },
      "package",
      ["ARCHIVE_EMPTY"],
    ],
    [
      "folder holding only a link",
      { path: "p", type: "folder", listing: listing(0, ["l"]) },
      "package",
      ["ARCHIVE_UNSUPPORTED_ENTRY", "ARCHIVE_EMPTY"],
    ],
  ];
  for (const [label, facts, kind, codes] of table) {
    it(`${label} (${kind}) → ${codes.join(", ") || "accepted"}`, () => {
      const refusals = sourceRefusals(facts, kind);
      assert.deepEqual(
        refusals.map((refusal) => refusal.code),
        codes,
      );
      for (const refusal of refusals) {
        assert.match(refusal.message, /^p /, "names the path first");
        assert.ok(refusal.fix.length > 10);
      }
    });
  }

  it("names the first five refused entries and counts the rest", () => {
    const [refusal] = sourceRefusals(
      { path: "app", type: "folder", listing: listing(1, ["a", "b", "c", "d", "e", "f", "g"]) },
      "package",
    );
    assert.equal(
      refusal?.message,
      "app holds what cannot be archived: a is a symbolic link; b is a symbolic link; c is a symbolic link; d is a symbolic link; e is a symbolic link; 2 more.",
    );
  });

  it("a config's limit and name differ from a package's", () => {
    const [refusal] = sourceRefusals(
      { path: "settings.json", type: "file", size: MAX_CONFIG_BYTES + 1 },
      "config",
    );
    assert.match(refusal?.message ?? "", /a configuration file may be at most 1 GiB/);
  });
});

describe("archive formats and blob types: one definition each", () => {
  it("the components' ArchiveFormat is staging's, tar included", () => {
    assert.equal(ComponentArchiveFormat, ArchiveFormat);
    assert.deepEqual(ARCHIVE_FORMATS, ["zip", "tar.gz", "tar"]);
    assert.deepEqual(archiveFormatProblems("tar", "package.archiveFormat"), []);
    assert.match(
      archiveFormatProblems("rar", "package.archiveFormat")[0]?.message ?? "",
      /"rar" is not an archive format/,
    );
    assert.equal(defaultArchiveFormat("Windows"), "zip");
    assert.equal(defaultArchiveFormat("Linux"), "tar.gz");
  });

  it("the components' BlobType is the core's", () => {
    assert.equal(ComponentBlobType, BlobType);
    assert.deepEqual(BLOB_TYPES, ["block", "page"]);
  });

  const names: Array<[string, string | undefined, string]> = [
    ["app", "zip", "app.zip"],
    ["build/app", "tar.gz", "app.tar.gz"],
    ["bundle.zip", "zip", "bundle.zip"],
    ["setup.msi", undefined, "setup.msi"],
    // StagedBlob has named a file with a format so; the name is in state.
    ["setup.msi", "zip", "setup.msi.zip"],
  ];
  for (const [source, format, expected] of names) {
    it(`stages ${source} with format ${format ?? "none"} as ${expected}`, () => {
      assert.equal(stagedFileName(source, format), expected);
    });
  }
});

describe("source checks and preparation on disk", () => {
  let dir: ReturnType<typeof tempDir>;
  let linked: string;

  before(() => {
    dir = tempDir();
    linked = join(dir.path, "linked");
    mkdirSync(join(linked, "lib"), { recursive: true });
    writeFileSync(join(linked, "install.sh"), "echo hi\n");
    symlinkSync(join(linked, "install.sh"), join(linked, "lib", "lib-link"));
  });
  after(() => dir.remove());

  const engineInputs = (extra: Partial<engine.StagedBlobInputs>): engine.StagedBlobInputs => ({
    source: "",
    accountName: "account",
    containerName: "packages",
    ...extra,
  });

  it("a link inside a folder: the same refusal from the engine's check, a component, the archiver and `vmapps stage`", async () => {
    const expected = /lib\/lib-link is a symbolic link/;
    const checked = await engine.check(engineInputs({ source: linked, archiveFormat: "zip" }));
    assert.deepEqual(
      checked.failures.map((failure) => failure.property),
      ["source"],
    );
    assert.match(checked.failures[0]?.reason ?? "", expected);
    const component = checkLocalSource(linked, "package.path", "package");
    assert.equal(component.facts.type, "folder");
    assert.match(component.problems[0]?.message ?? "", expected);
    await assert.rejects(
      archivePackage(linked, { format: "zip" }),
      (error: StagingError) =>
        error.code === "ARCHIVE_UNSUPPORTED_ENTRY" && expected.test(error.message),
    );
    await assert.rejects(
      stage(linked, {
        // Refused before any storage call: nothing listens here.
        target: { containerUrl: "https://127.0.0.1:9/account/packages" },
        format: "zip",
      }),
      (error: CliError) =>
        error instanceof CliError && error.exitCode === 1 && expected.test(error.message),
    );
  });

  it("inspects once: a file's size, a folder's entries, a link AS the folder followed", () => {
    const file = writeRandomFile(join(dir.path, "one.bin"), 1000);
    assert.deepEqual(inspectSource(file), { path: file, type: "file", size: 1000 });
    assert.deepEqual(inspectSource(join(dir.path, "absent")).type, "missing");
    const current = join(dir.path, "current");
    symlinkSync(linked, current);
    const facts = inspectSource(current);
    assert.equal(facts.type, "folder");
    if (facts.type === "folder") {
      assert.deepEqual(
        facts.listing.entries.map((entry) => entry.name),
        ["install.sh", "lib/"],
      );
      assert.deepEqual(
        facts.listing.refused.map((entry) => entry.name),
        ["lib/lib-link"],
      );
    }
  });

  it("a named pipe is refused as a source and inside a folder", () => {
    const folder = join(dir.path, "with-pipe");
    mkdirSync(folder);
    writeFileSync(join(folder, "app.bin"), "x");
    execFileSync("mkfifo", [join(folder, "pipe")]);
    assert.deepEqual(
      sourceRefusals(inspectSource(join(folder, "pipe")), "package").map((r) => r.code),
      ["SOURCE_NOT_A_FILE"],
    );
    const [refusal] = sourceRefusals(inspectSource(folder), "package");
    assert.match(refusal?.message ?? "", /pipe is a special file/);
  });

  it("a StagingError's reason is its message without the fix, and never ends in '..'", () => {
    const error = new StagingError("X", "app is empty.", "give the built package");
    assert.equal(error.reason, "app is empty");
    assert.equal(error.message, "app is empty. Fix: give the built package");
  });

  it("prepare leaves a file staged as it is untouched, and removes what it wrote", async () => {
    const file = writeRandomFile(join(dir.path, "as-is.bin"), 1024);
    const asIs = await prepareSource(file, { blobType: "page" });
    assert.equal(asIs.path, file);
    const folder = join(dir.path, "plain");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.txt"), "a");
    const archived = await prepareSource(folder, { archiveFormat: "tar" });
    assert.equal(archived.fileName, "plain.tar");
    assert.equal(archived.archive?.entries.length, 1);
    await archived.cleanup();
    assert.equal(inspectSource(archived.path).type, "missing");
    await assert.rejects(
      prepareSource(folder, {}),
      (error: StagingError) => error.code === "ARCHIVE_FORMAT_MISSING",
    );
  });

  describe("the offline plan describes exactly what the engine will stage", () => {
    const cases: Array<[string, () => Promise<Partial<engine.StagedBlobInputs>>]> = [
      [
        "a zip file padded for a page blob",
        async () => {
          const app = join(dir.path, "app");
          mkdirSync(app, { recursive: true });
          writeRandomFile(join(app, "payload.bin"), 3000);
          const zip = await archivePackage(app, {
            format: "zip",
            outFile: join(dir.path, "app.zip"),
          });
          assert.notEqual(zip.size % 512, 0, "the fixture needs padding");
          return { source: zip.path, blobType: "page" };
        },
      ],
      [
        "a folder named like its archive",
        async () => {
          const folder = join(dir.path, "bundle.zip");
          mkdirSync(folder, { recursive: true });
          writeFileSync(join(folder, "run.cmd"), "echo hi\r\n");
          return { source: folder, archiveFormat: "zip" };
        },
      ],
      [
        "a tar.gz folder for a page blob",
        async () => {
          const folder = join(dir.path, "linux-app");
          mkdirSync(folder, { recursive: true });
          writeRandomFile(join(folder, "app.bin"), 5000);
          return { source: folder, archiveFormat: "tar.gz", blobType: "page" };
        },
      ],
    ];
    for (const [label, make] of cases) {
      it(label, async () => {
        const given = engineInputs({
          ...(await make()),
          blobEndpoint: "https://account.blob.core.windows.net",
        });
        const checked = await engine.check(given);
        assert.deepEqual(checked.failures, []);
        const described = await describeSource(given.source, given.archiveFormat, given.blobType);
        assert.equal(described.sha256, checked.inputs.contentSha256);
        assert.equal(
          defaultBlobName(described.sha256, described.fileName),
          checked.inputs.resolvedBlobName,
        );
        if (given.blobType === "page") assert.equal(described.size % 512, 0);
      });
    }
  });
});
