import assert from "node:assert/strict";
import fc from "fast-check";
import { findDuplicateRegions, normalizeRegion } from "../../sdk/core";

describe("core/regions", () => {
  it("lower-cases and removes spaces", () => {
    assert.equal(normalizeRegion("China North"), "chinanorth");
    assert.equal(normalizeRegion(" West  Europe\t"), "westeurope");
    assert.equal(normalizeRegion("eastus2"), "eastus2");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        assert.equal(normalizeRegion(normalizeRegion(s)), normalizeRegion(s));
      }),
    );
  });

  it("groups two spellings of one region", () => {
    assert.deepEqual(findDuplicateRegions(["West Europe", "eastus", "westeurope", "WestEurope"]), [
      {
        region: "westeurope",
        spellings: ["West Europe", "westeurope", "WestEurope"],
        indexes: [0, 2, 3],
      },
    ]);
    assert.deepEqual(findDuplicateRegions(["westeurope", "eastus"]), []);
  });
});
