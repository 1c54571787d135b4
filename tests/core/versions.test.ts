import assert from "node:assert/strict";
import fc from "fast-check";
import {
  compareVersions,
  formatVersion,
  latestVersion,
  parseVersion,
  VmAppsValidationError,
} from "../../sdk/core";

const part = fc.integer({ min: 0, max: 2_147_483_647 });
const version = fc
  .tuple(part, part, part)
  .map(([major, minor, patch]) => ({ major, minor, patch }));

describe("core/versions", () => {
  it("parses Major.Minor.Patch", () => {
    assert.deepEqual(parseVersion("1.2.3"), { major: 1, minor: 2, patch: 3 });
    assert.deepEqual(parseVersion("2147483647.0.2018"), {
      major: 2_147_483_647,
      minor: 0,
      patch: 2018,
    });
  });

  it("reads leading zeros as an int32 does: 01.0.0 is 1.0.0", () => {
    assert.deepEqual(parseVersion("01.00.007"), { major: 1, minor: 0, patch: 7 });
    assert.equal(compareVersions("01.0.0", "1.0.0"), 0);
  });

  for (const bad of [
    "1.0",
    "1.0.0.0",
    "latest",
    "-1.0.0",
    "2147483648.0.0",
    "1.2147483648.0",
    " 1.0.0",
    "1.0.0 ",
    "1. 0.0",
    "+1.0.0",
    "1.+0.0",
    "1..0",
    "",
    "1.0.x",
    "1.0.0-beta",
    "v1.0.0",
    "1e3.0.0",
    "１.0.0",
  ]) {
    it(`rejects ${JSON.stringify(bad)} naming the field`, () => {
      assert.throws(
        () => parseVersion(bad),
        (e: unknown) =>
          e instanceof VmAppsValidationError &&
          e.problems.length === 1 &&
          e.problems[0]?.field === "version",
      );
    });
  }

  it("latest is highest major, then minor, then patch", () => {
    assert.equal(latestVersion(["1.9.9", "2.0.0", "1.10.0", "2.0.1", "2.0.10", "2.0.9"]), "2.0.10");
    assert.equal(latestVersion(["0.0.1", "0.1.0"]), "0.1.0");
    assert.equal(latestVersion(["10.0.0", "9.99.99"]), "10.0.0");
  });

  it("latest skips versions excluded from latest and keeps the entry given", () => {
    const versions = [
      { name: "1.0.0" },
      { name: "3.0.0", excludeFromLatest: true },
      { name: "2.0.0", excludeFromLatest: false },
    ];
    assert.equal(latestVersion(versions), versions[2]);
    assert.equal(latestVersion([{ name: "1.0.0", excludeFromLatest: true }]), undefined);
    assert.equal(latestVersion([]), undefined);
  });

  it("latest rejects a list holding an invalid name, naming its index", () => {
    assert.throws(
      () => latestVersion(["1.0.0", "latest"]),
      (e: unknown) => e instanceof VmAppsValidationError && e.problems[0]?.field === "versions[1]",
    );
  });

  it("formatVersion round-trips parseVersion", () => {
    fc.assert(
      fc.property(version, (v) => {
        assert.deepEqual(parseVersion(formatVersion(v)), v);
      }),
    );
  });

  it("order is a total order consistent with the parsed parts", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const ab = compareVersions(a, b);
        assert.equal(ab, -compareVersions(b, a) || 0);
        const tupleOrder = Math.sign(a.major - b.major || a.minor - b.minor || a.patch - b.patch);
        assert.equal(ab, tupleOrder);
        assert.equal(compareVersions(formatVersion(a), formatVersion(b)), ab);
        if (ab <= 0 && compareVersions(b, c) <= 0) assert.ok(compareVersions(a, c) <= 0);
      }),
    );
  });

  it("latest is never older than any eligible version", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ v: version, excluded: fc.boolean() })), (entries) => {
        const list = entries.map((e) => ({
          name: formatVersion(e.v),
          excludeFromLatest: e.excluded,
        }));
        const latest = latestVersion(list);
        const eligible = list.filter((e) => !e.excludeFromLatest);
        if (eligible.length === 0) return assert.equal(latest, undefined);
        assert.ok(latest && !latest.excludeFromLatest);
        for (const e of eligible) assert.ok(compareVersions(latest.name, e.name) >= 0);
      }),
    );
  });
});
