import assert from "node:assert/strict";
import fc from "fast-check";
import {
  blobDifferences,
  RECORDED_BLOB_TAGS,
  recordedBlobOf,
  recordedBlobTags,
  type VersionLink,
} from "../../sdk/core/shared/status/recordedBlob";

const MD5 = "9e107d9d372bb6826bd81d3542a419d6";

describe("core/status/recordedBlob", () => {
  it("property: the tags written for a blob read back as the same record", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<VersionLink>("mediaLink", "defaultConfigurationLink"),
        fc.nat(),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        (link, size, md5) => {
          assert.deepEqual(recordedBlobOf(recordedBlobTags(link, { size, md5 }), link), {
            size,
            md5,
          });
        },
      ),
    );
  });

  it("tag names are valid Azure tag names (no < > % & \\ ? /)", () => {
    for (const names of Object.values(RECORDED_BLOB_TAGS)) {
      for (const name of Object.values(names)) assert.doesNotMatch(name, /[<>%&\\?/]/);
    }
  });

  const unreadable: Array<[string, Record<string, string> | undefined]> = [
    ["no tags", undefined],
    ["size only", { "vmapps.packageBytes": "10" }],
    [
      "a size that is not a whole number",
      { "vmapps.packageBytes": "1e3", "vmapps.packageMd5": MD5 },
    ],
    [
      "an MD5 that is not hex",
      { "vmapps.packageBytes": "10", "vmapps.packageMd5": "q83vEjRWeJA=" },
    ],
  ];
  for (const [name, tags] of unreadable) {
    it(`${name}: no record`, () => {
      assert.equal(recordedBlobOf(tags, "mediaLink"), undefined);
    });
  }

  it("names each difference; the same content has none", () => {
    const recorded = { size: 10, md5: MD5 };
    assert.deepEqual(blobDifferences(recorded, { size: 10, md5: MD5 }), []);
    assert.deepEqual(blobDifferences(recorded, undefined), ["it no longer exists"]);
    assert.deepEqual(blobDifferences(recorded, { size: 11, md5: "00" }), [
      "its size is 11 bytes, 10 when published",
      `its MD5 is 00, ${MD5} when published`,
    ]);
  });
});
