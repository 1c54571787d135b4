/**
 * The rules of a VM's or scale set's application profile (sdk/core/rollout/applicationProfile.ts),
 * one table row per rule and per bound.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AssignedVersionFacts,
  type GalleryApplicationAssignment,
  validateApplicationAssignment,
} from "../../sdk/core";

const now = new Date("2025-06-01T00:00:00Z");
const id = (app: string, version = "1.0.0") =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/applications/${app}/versions/${version}`;
const SAS = "sv=2024-08-04&sr=b&sp=r&se=2026-01-01T00:00:00Z&sig=abc%3D";
const config = `https://acct.blob.core.windows.net/config/app.json?${SAS}`;
const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);

describe("core/rollout: application profile", () => {
  it("up to 25 distinct applications are fine; 26 → galleryApplications", () => {
    const apps = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ packageReferenceId: id(`app${i}`), order: i }));
    assert.deepEqual(validateApplicationAssignment(apps(25), { now }), []);
    assert.deepEqual(fields(validateApplicationAssignment(apps(26), { now })), [
      "galleryApplications",
    ]);
  });

  it("the same application version twice (any letter case) → its packageReferenceId", () => {
    const problems = validateApplicationAssignment([
      { packageReferenceId: id("a") },
      { packageReferenceId: id("A").toUpperCase() },
    ]);
    assert.deepEqual(fields(problems), ["galleryApplications[1].packageReferenceId"]);
    assert.match(problems[0]?.message ?? "", /already assigned at galleryApplications\[0\]/);
  });

  it("two versions of one application → its packageReferenceId, under the given field", () => {
    const problems = validateApplicationAssignment(
      [
        { packageReferenceId: id("a", "1.0.0") },
        { packageReferenceId: id("b") },
        { packageReferenceId: id("a", "2.0.0") },
      ],
      { field: "applicationProfile.galleryApplications" },
    );
    assert.deepEqual(fields(problems), [
      "applicationProfile.galleryApplications[2].packageReferenceId",
    ]);
    assert.match(problems[0]?.message ?? "", /one version/);
  });

  it("ids not known yet are compared by the declared application and version", () => {
    const facts: AssignedVersionFacts[] = [
      { application: "app#1", version: "1.0.0" },
      { application: "app#2", version: "1.0.0" },
      { application: "app#1", version: "2.0.0" },
    ];
    const unknownIds = [
      { packageReferenceId: undefined },
      { packageReferenceId: undefined },
      { packageReferenceId: undefined },
    ];
    assert.deepEqual(fields(validateApplicationAssignment(unknownIds, { facts })), [
      "galleryApplications[2].packageReferenceId",
    ]);
    assert.deepEqual(validateApplicationAssignment(unknownIds), []);
  });

  it("packageReferenceId present; present but not known yet is skipped", () => {
    assert.deepEqual(fields(validateApplicationAssignment([{ order: 1 }])), [
      "galleryApplications[0].packageReferenceId",
    ]);
    assert.deepEqual(fields(validateApplicationAssignment([{ packageReferenceId: "" }])), [
      "galleryApplications[0].packageReferenceId",
    ]);
    assert.deepEqual(validateApplicationAssignment([{ packageReferenceId: undefined }]), []);
  });

  const idRows: Array<[string, string, RegExp]> = [
    ["an application's id", id("a").replace(/\/versions\/.*$/, ""), /application's id/],
    [
      "a gallery's id",
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g",
      /not a gallery application version id/,
    ],
    ["a name", "agent", /not a gallery application version id/],
  ];
  for (const [title, value, message] of idRows) {
    it(`packageReferenceId ${title} → a problem saying so`, () => {
      const problems = validateApplicationAssignment([{ packageReferenceId: value }]);
      assert.deepEqual(fields(problems), ["galleryApplications[0].packageReferenceId"]);
      assert.match(problems[0]?.message ?? "", message);
    });
  }

  const orderRows: Array<[string, unknown[], string[]]> = [
    ["distinct orders", [1, 2, 3], []],
    ["orders left out", [undefined, undefined], []],
    ["int32 bounds", [-2_147_483_648, 2_147_483_647], []],
    ["an order twice", [1, 2, 1], ["galleryApplications[2].order"]],
    ["a fraction", [1.5], ["galleryApplications[0].order"]],
    ["beyond int32", [2_147_483_648], ["galleryApplications[0].order"]],
    ["below int32", [-2_147_483_649], ["galleryApplications[0].order"]],
    ["a string", ["1"], ["galleryApplications[0].order"]],
  ];
  for (const [title, orders, expected] of orderRows) {
    it(`order: ${title} → ${expected.join(", ") || "no problem"}`, () => {
      const apps = orders.map(
        (order, i) =>
          ({ packageReferenceId: id(`app${i}`), order }) as GalleryApplicationAssignment,
      );
      assert.deepEqual(fields(validateApplicationAssignment(apps)), expected);
    });
  }

  it("orders: a problem exactly for each repeat of an order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }), (orders) => {
        const apps = orders.map((order, i) => ({ packageReferenceId: id(`app${i}`), order }));
        const repeats = orders.flatMap((order, i) =>
          orders.indexOf(order) < i ? [`galleryApplications[${i}].order`] : [],
        );
        assert.deepEqual(
          fields(validateApplicationAssignment(apps)).filter((f) => f.endsWith(".order")),
          repeats,
        );
      }),
    );
  });

  const osRows: Array<[string, string | undefined, string | undefined, string[]]> = [
    ["same OS", "Linux", "Linux", []],
    ["same OS in another case", "Linux", "linux", []],
    ["another OS", "Linux", "Windows", ["galleryApplications[0].packageReferenceId"]],
    ["the VM's OS not given", undefined, "Windows", []],
    ["the application's OS not known", "Linux", undefined, []],
  ];
  for (const [title, osType, built, expected] of osRows) {
    it(`OS: ${title} → ${expected.join(", ") || "no problem"}`, () => {
      const problems = validateApplicationAssignment([{ packageReferenceId: id("a") }], {
        osType,
        facts: [{ supportedOsType: built }],
      });
      assert.deepEqual(fields(problems), expected);
    });
  }
  it("osType is Linux or Windows", () => {
    assert.deepEqual(fields(validateApplicationAssignment([], { osType: "linux" })), ["osType"]);
  });

  const locationRows: Array<[string, string | undefined, string[] | undefined, string[]]> = [
    ["among the target regions", "westeurope", ["westeurope", "eastus"], []],
    ["another spelling of one", "West Europe", ["westeurope"], []],
    [
      "not among them",
      "northeurope",
      ["westeurope", "eastus"],
      ["galleryApplications[0].packageReferenceId"],
    ],
    ["the VM's location not given", undefined, ["westeurope"], []],
    ["the target regions not known", "northeurope", undefined, []],
  ];
  for (const [title, location, targetRegions, expected] of locationRows) {
    it(`location: ${title} → ${expected.join(", ") || "no problem"}`, () => {
      const problems = validateApplicationAssignment([{ packageReferenceId: id("a") }], {
        location,
        facts: [{ targetRegions, version: "1.0.0" }],
      });
      assert.deepEqual(fields(problems), expected);
      if (expected.length > 0) {
        assert.match(
          problems[0]?.message ?? "",
          /Version 1\.0\.0 is not replicated to northeurope.*westeurope, eastus/,
        );
        assert.match(problems[0]?.fix ?? "", /Add northeurope to the version's regions/);
      }
    });
  }

  const configRows: Array<[string, string, RegExp | undefined]> = [
    ["an https link with a read SAS", config, undefined],
    [
      "http",
      config.replace("https:", "http:"),
      /not https; the VM reads its configuration over https only/,
    ],
    ["no SAS", config.split("?")[0] as string, /carries no SAS/],
    ["a SAS without read", config.replace("sp=r", "sp=w"), /does not grant read/],
    ["an expired SAS", config.replace("2026-01-01", "2025-01-01"), /expired/],
    ["no blob", `https://acct.blob.core.windows.net/?${SAS}`, /does not name a blob/],
    ["not a URL", "config.json", /not a URL/],
  ];
  for (const [title, link, message] of configRows) {
    it(`configurationReference: ${title} → ${message ? "a problem" : "no problem"}, never showing the signature`, () => {
      const problems = validateApplicationAssignment(
        [{ packageReferenceId: id("a"), configurationReference: link }],
        { now },
      );
      if (message === undefined) {
        assert.deepEqual(problems, []);
        return;
      }
      assert.ok(problems.length >= 1);
      assert.ok(problems.every((p) => p.field === "galleryApplications[0].configurationReference"));
      assert.ok(
        problems.some((p) => message.test(p.message)),
        JSON.stringify(problems),
      );
      assert.ok(!JSON.stringify(problems).includes("sig="));
    });
  }
});
