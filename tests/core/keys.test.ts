import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ANY_VALUE,
  childField,
  type FieldShape,
  listOf,
  mapOf,
  unknownKeyProblems,
} from "../../sdk/core/shared/keys";

/** A shape with exactly these keys, values not looked into (KeysOf needs a declared type). */
function shapeOf(keys: readonly string[], extra: Record<string, FieldShape> = {}) {
  return {
    kind: "object" as const,
    keys: { ...Object.fromEntries(keys.map((key) => [key, ANY_VALUE])), ...extra },
  };
}

const DEMAND = shapeOf(["vms", "scaleSets", "concurrentDownloads"]);
const REGION = shapeOf(["replicas", "storageAccountType"], { demand: DEMAND });
const ACTION = shapeOf(["name", "script"], { parameters: listOf(shapeOf(["name", "type"])) });
const ARGS = shapeOf(["version"], {
  regions: mapOf(REGION),
  customActions: listOf(ACTION),
  package: shapeOf(["path", "mediaLink"]),
});

describe("core/keys: unknownKeyProblems", () => {
  it("property: every key outside the shape is reported exactly once, a known key never", () => {
    const key = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 8 }),
        fc.uniqueArray(key, { maxLength: 8 }),
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
        (known, others, values) => {
          const unknown = others.filter((k) => !known.includes(k));
          const keys = [...known, ...unknown];
          const value = Object.fromEntries(keys.map((k, i) => [k, values[i % values.length] ?? 0]));
          const problems = unknownKeyProblems(value, shapeOf(known));
          // Sorted: objects list integer-like keys ("0") first, whatever the insertion order.
          assert.deepEqual(
            problems.map((p) => p.field).sort(),
            unknown.map((k) => childField("", k)).sort(),
          );
          for (const problem of problems) {
            assert.equal(problem.severity, "error");
            assert.ok(
              unknown.some(
                (k) =>
                  problem.field === childField("", k) &&
                  problem.message === `unknown key "${k}"; it would be ignored.`,
              ),
            );
          }
        },
      ),
    );
  });

  it("property: nested under any path, a typo is reported under that path", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 10 }), (region) => {
        const problems = unknownKeyProblems(
          { regions: { [region]: { demand: { vm: 400 } } } },
          ARGS,
          "",
        );
        assert.deepEqual(
          problems.map((p) => p.field),
          [`${childField("regions", region)}.demand.vm`],
        );
      }),
    );
  });

  it("names the path at every depth, with the nearest key when one is close", () => {
    const problems = unknownKeyProblems(
      {
        versoin: "1.0.0",
        regions: { westeurope: { replica: 5, demand: { vm: 400 } }, "East US": { x: 1 } },
        customActions: [
          { name: "a", script: "s" },
          { name: "b", scirpt: "s", parameters: [{ nam: "p" }] },
        ],
        package: { pth: "./app" },
      },
      ARGS,
    );
    assert.deepEqual(
      problems.map((p) => [p.field, p.fix]),
      [
        ["versoin", 'Did you mean version? Rename "versoin" to "version".'],
        ["regions.westeurope.replica", 'Did you mean replicas? Rename "replica" to "replicas".'],
        ["regions.westeurope.demand.vm", 'Did you mean vms? Rename "vm" to "vms".'],
        ['regions["East US"].x', 'Use one of replicas, storageAccountType, demand, or remove "x".'],
        ["customActions[1].scirpt", 'Did you mean script? Rename "scirpt" to "script".'],
        ["customActions[1].parameters[0].nam", 'Did you mean name? Rename "nam" to "name".'],
        ["package.pth", 'Did you mean path? Rename "pth" to "path".'],
      ],
    );
  });

  it("accepts keys set to undefined, and ignores what is not a plain object or array", () => {
    class Resource {
      readonly urn = "urn";
      readonly anything = 1;
    }
    const thenable = Promise.resolve({ vm: 1 });
    assert.deepEqual(
      unknownKeyProblems(
        {
          versoin: undefined,
          regions: { westeurope: { demand: thenable }, eastus: new Resource(), northeurope: null },
          package: "not an object",
          customActions: new Resource(),
        },
        ARGS,
      ),
      [],
    );
    assert.deepEqual(unknownKeyProblems(new Resource(), ARGS), []);
    const bare = Object.assign(Object.create(null), { vm: 1 });
    assert.deepEqual(
      unknownKeyProblems(bare, DEMAND, "demand").map((p) => p.field),
      ["demand.vm"],
    );
  });

  it("uses the shape's hint for a fix when it has one, and skips ignored keys", () => {
    const shape = {
      ...shapeOf(["location"]),
      hint: (key: string, owner: Record<string, unknown>) =>
        key === "replicas" ? `put it in ${String(owner.location)}` : undefined,
      ignored: ["$comment"],
    };
    const problems = unknownKeyProblems(
      { location: "westeurope", replicas: 3, locaton: "x", $comment: "read by no one" },
      shape,
    );
    assert.deepEqual(
      problems.map((p) => [p.field, p.fix]),
      [
        ["replicas", "put it in westeurope"],
        ["locaton", 'Did you mean location? Rename "locaton" to "location".'],
      ],
    );
  });

  it("childField writes identifiers with a dot and anything else as a quoted index", () => {
    assert.equal(childField("", "regions"), "regions");
    assert.equal(childField("regions", "westeurope"), "regions.westeurope");
    assert.equal(childField("regions", "West Europe"), 'regions["West Europe"]');
    assert.equal(childField("", "2x"), '["2x"]');
  });
});
