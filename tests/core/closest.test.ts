import assert from "node:assert/strict";
import fc from "fast-check";
import { editDistance, nearest } from "../../sdk/core/shared/closest";

describe("editDistance and nearest", () => {
  it("is a distance: zero only for equal strings, symmetric, at most the longer length", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = editDistance(a, b);
        assert.equal(d === 0, a === b);
        assert.equal(d, editDistance(b, a));
        assert.ok(d <= Math.max(a.length, b.length));
      }),
    );
  });

  it("counts one per insertion, deletion or substitution", () => {
    assert.equal(editDistance("vm", "vms"), 1);
    assert.equal(editDistance("westeurop", "westeurope"), 1);
    assert.equal(editDistance("esatus2", "eastus2"), 2);
  });

  it("returns the nearest candidate after the comparable form, keeping its spelling", () => {
    assert.deepEqual(
      nearest("BLOBTYPE", ["blobType", "vms"], (v) => v.toLowerCase()),
      {
        candidate: "blobType",
        distance: 0,
      },
    );
    assert.equal(nearest("x", []), undefined);
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { minLength: 1 }), (name, candidates) => {
        const best = nearest(name, candidates);
        assert.ok(best);
        for (const candidate of candidates) {
          assert.ok(best.distance <= editDistance(name, candidate));
        }
      }),
    );
  });
});
