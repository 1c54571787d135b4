import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What an installed copy of the package needs that the tests, importing sdk/ directly, would not
 * notice otherwise. Pulumi serializes the dynamic providers (StagedBlob, VersionGuard) by
 * requiring the modules they close over by deep path, so `exports` must let `dist/*` through.
 */
describe("the published package", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));

  for (const deepPath of [
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

  it("ships dist/, its bin, README and licence, and no source maps pointing at unshipped sources", () => {
    assert.deepEqual(manifest.files, ["dist", "README.md", "LICENSE"]);
    assert.equal(manifest.bin.vmapps, "bin/vmapps.js");
    const build = JSON.parse(readFileSync(join(__dirname, "..", "tsconfig.build.json"), "utf8"));
    assert.equal(build.compilerOptions.sourceMap, false);
  });

  it("declares ts-node and typescript as optional peers, which `vmapps plan` needs at run time", () => {
    assert.ok(manifest.peerDependencies["ts-node"]);
    assert.equal(manifest.peerDependenciesMeta["ts-node"].optional, true);
  });
});
