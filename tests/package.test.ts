import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What an installed copy of the package needs that the tests, importing sdk/ directly, would not
 * notice otherwise. Pulumi serializes the dynamic providers (StagedBlob, VersionGuard) by
 * requiring the modules they close over by deep path, so `exports` must let `dist/*` through.
 */
describe("the published package", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));

  for (const deepPath of [
    "pulumi-azure-vmapps/cli",
    "pulumi-azure-vmapps/dist/staging/stagedBlobEngine.js",
    "pulumi-azure-vmapps/dist/components/immutable.js",
  ]) {
    it(`lets ${deepPath} through its exports map`, () => {
      try {
        require.resolve(deepPath);
      } catch (error) {
        // Not built in a test run: only an unexported path is a defect.
        assert.notEqual((error as NodeJS.ErrnoException).code, "ERR_PACKAGE_PATH_NOT_EXPORTED");
      }
    });
  }

  it("publishes the command line's functions at pulumi-azure-vmapps/cli, for every TypeScript resolution", () => {
    // Node and TypeScript's node16/bundler resolution read `exports`; node10 reads typesVersions.
    assert.deepEqual(manifest.exports["./cli"], {
      types: "./dist/cli/index.d.ts",
      default: "./dist/cli/index.js",
    });
    assert.deepEqual(manifest.typesVersions["*"].cli, ["./dist/cli/index.d.ts"]);
    assert.ok(
      existsSync(join(__dirname, "..", "sdk", "cli", "index.ts")),
      "the source it compiles from",
    );
  });

  it("ships dist/, its bin, README, changelog, guides and licence, and no source maps pointing at unshipped sources", () => {
    // The README links to the guides and the changelog: they ship, so the links work in node_modules.
    assert.deepEqual(manifest.files, ["dist", "README.md", "CHANGELOG.md", "docs/*.md", "LICENSE"]);
    assert.equal(manifest.bin.vmapps, "bin/vmapps.js");
    const build = JSON.parse(readFileSync(join(__dirname, "..", "tsconfig.build.json"), "utf8"));
    assert.equal(build.compilerOptions.sourceMap, false);
  });

  it("declares ts-node and typescript as optional peers, which `vmapps plan` needs at run time", () => {
    assert.ok(manifest.peerDependencies["ts-node"]);
    assert.equal(manifest.peerDependenciesMeta["ts-node"].optional, true);
  });
});
