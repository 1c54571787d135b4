import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as stablePath from "../../sdk/components/immutable";
import type { VersionFingerprint } from "../../sdk/components/shared/immutable";
import * as shared from "../../sdk/components/shared/immutable";
import { versionGuardProvider } from "../../sdk/components/shared/versionGuard";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const published: VersionFingerprint = {
  application: "rg/apps/hello",
  version: "1.0.0",
  nextVersion: "1.0.1",
  install: "tar -xzf hello -C /opt",
  remove: "rm -rf /opt/hello",
  packageFileName: "hello.tar.gz",
  packageBlob: "https://acct.blob.core.windows.net/packages/aaaa/hello.tar.gz",
  storageAccountType: "Standard_LRS",
  replicationMode: "Full",
  regionStorageAccountTypes: "eastus=Premium_LRS",
};

async function check(olds: Partial<VersionFingerprint>, news: Partial<VersionFingerprint>) {
  const result = await versionGuardProvider.check?.(olds, news);
  return result?.failures ?? [];
}

describe("VersionGuard (fail at preview on immutable changes)", () => {
  // Spelled out rather than imported from IMMUTABLE_PROPERTIES: a property dropped there, or
  // renamed for users, must fail here.
  const immutable: Array<[keyof VersionFingerprint, string]> = [
    ["install", "commands.install"],
    ["remove", "commands.remove"],
    ["update", "commands.update"],
    ["packageFileName", "packageFileName"],
    ["configFileName", "configFileName"],
    ["scriptBehaviorAfterReboot", "scriptBehaviorAfterReboot"],
    ["packageBlob", "package (source blob)"],
    ["configBlob", "config (configuration blob)"],
    ["storageAccountType", "storageAccountType"],
    ["replicationMode", "replicationMode"],
    ["regionStorageAccountTypes", "regions.*.storageAccountType"],
  ];
  for (const [key, argument] of immutable) {
    it(`fails when ${argument} changes under the same version number, asking for a new version`, async () => {
      const failures = await check(published, { ...published, [key]: "changed" });
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.property, key);
      assert.match(
        failures[0]?.reason ?? "",
        new RegExp(`^${argument.replace(/[.*()]/g, "\\$&")} of published version 1\\.0\\.0`),
      );
      assert.match(
        failures[0]?.reason ?? "",
        /Publish a new version number instead \(e\.g\. 1\.0\.1\)/,
      );
    });
  }

  it("says how to retry a number Azure never created, since the guard runs before the version", async () => {
    const [failure] = await check(published, { ...published, packageBlob: "https://acct/new.tgz" });
    assert.match(failure?.reason ?? "", /If Azure never created 1\.0\.0 \(its creation failed\)/);
    assert.match(failure?.reason ?? "", /`pulumi state delete` this guard resource/);
  });

  it("never prints the values, which may be secret commands, only what changes and what to do", async () => {
    const failures = await check(
      { ...published, install: "install --token OLDSECRET" },
      { ...published, install: "install --token NEWSECRET", configFileName: "app.cfg" },
    );
    assert.equal(failures.length, 2);
    assert.doesNotMatch(JSON.stringify(failures), /SECRET|app\.cfg/);
    assert.match(
      failures[0]?.reason ?? "",
      /^commands\.install of published version 1\.0\.0 would change/,
    );
    assert.match(
      failures[1]?.reason ?? "",
      /^configFileName of published version 1\.0\.0 would be set/,
    );
  });

  it("treats another letter case of the resource group, gallery or application as the same application", async () => {
    const failures = await check(published, {
      ...published,
      application: "RG/Apps/HELLO",
      install: "changed",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["install"],
    );
  });

  it("compares values that are not strings instead of crashing", async () => {
    const stored = { ...published, replicationMode: 3, storageAccountType: null } as unknown;
    const failures = await check(
      stored as Partial<VersionFingerprint>,
      {
        ...published,
        replicationMode: { mode: "Full" },
      } as unknown as Partial<VersionFingerprint>,
    );
    assert.deepEqual(
      failures.map((f) => f.property),
      ["storageAccountType", "replicationMode"],
    );
  });

  it("passes a first creation, a new version number, and a move to another application", async () => {
    assert.deepEqual(await check({}, published), []);
    assert.deepEqual(
      await check(published, { ...published, version: "1.0.1", install: "new" }),
      [],
    );
    assert.deepEqual(
      await check(published, { ...published, application: "rg/apps/other", install: "new" }),
      [],
    );
  });

  it("passes a renewed SAS (the blob URL without query is unchanged) and updatable changes", async () => {
    assert.deepEqual(await check(published, { ...published }), []);
  });

  it("skips values unknown during preview; they are checked again before the version is touched", async () => {
    assert.deepEqual(await check(published, { ...published, packageBlob: UNKNOWN }), []);
  });

  it("reports every changed property at once", async () => {
    const failures = await check(published, {
      ...published,
      install: "a",
      remove: "b",
      replicationMode: "Shallow",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["install", "remove", "replicationMode"],
    );
  });

  it("diffs without replacing, and sees no change when nothing changed", async () => {
    const same = await versionGuardProvider.diff?.(
      "id",
      { ...published, __provider: "a" },
      { ...published, __provider: "b" },
    );
    assert.deepEqual(same, { changes: false, replaces: [] });
    const moved = await versionGuardProvider.diff?.("id", published, {
      ...published,
      version: "1.0.1",
    });
    assert.deepEqual(moved, { changes: true, replaces: [] });
  });

  it("loads its check through sdk/components/immutable, the path serialized guards in state require", () => {
    // Pulumi serializes the provider with a require of the module it captured; guards already in
    // state name dist/components/immutable.js, so the guard must keep capturing that module.
    const source = readFileSync(
      join(__dirname, "..", "..", "sdk", "components", "shared", "versionGuard.ts"),
      "utf8",
    );
    assert.match(source, /from "\.\.\/immutable";/);
    assert.equal(stablePath.immutableViolations, shared.immutableViolations);
    assert.equal(stablePath.differs, shared.differs);
  });
});
