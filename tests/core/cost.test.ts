import assert from "node:assert/strict";
import { estimateMonthlyCost, VmAppsValidationError } from "../../sdk/core";

const GiB = 1024 ** 3;

describe("core/cost", () => {
  it("seed 003 worked example: 10 GiB in 3 regions with 2 replicas each", () => {
    const estimate = estimateMonthlyCost({
      packageBytes: 10 * GiB,
      sourceRegion: "West Europe",
      regions: [
        { name: "westeurope", replicas: 2 },
        { name: "eastus", replicas: 2 },
        { name: "northeurope", replicas: 2 },
      ],
    });
    // 6 replicas × 10 GiB × $0.05 = $3.00 a month; 2 other regions × 10 GiB × $0.02 = $0.40 once.
    assert.equal(estimate.currency, "USD");
    assert.equal(estimate.storagePerMonth, 3);
    assert.equal(estimate.oneTimeEgress, 0.4);
    assert.deepEqual(estimate.perRegion, [
      { region: "westeurope", replicas: 2, storagePerMonth: 1, oneTimeEgress: 0 },
      { region: "eastus", replicas: 2, storagePerMonth: 1, oneTimeEgress: 0.2 },
      { region: "northeurope", replicas: 2, storagePerMonth: 1, oneTimeEgress: 0.2 },
    ]);
    assert.ok(estimate.assumptions.some((a) => /estimate.*2024-06/.test(a)));
  });

  it("uses overridden prices, per region where given", () => {
    const estimate = estimateMonthlyCost({
      packageBytes: 2 * GiB,
      sourceRegion: "eastus",
      regions: [
        { name: "eastus", replicas: 3 },
        { name: "Australia East", replicas: 1 },
      ],
      prices: {
        storagePerGiBMonth: 0.1,
        egressPerGiB: 0.05,
        storagePerGiBMonthByRegion: { australiaeast: 0.2 },
        egressPerGiBByRegion: { "australia east": 0.08 },
      },
    });
    assert.equal(estimate.storagePerMonth, 3 * 2 * 0.1 + 2 * 0.2);
    assert.equal(estimate.oneTimeEgress, 0.16);
    assert.ok(estimate.assumptions.includes("Storage at $0.1/GiB-month, as given."));
  });

  it("rejects bad input naming every field", () => {
    assert.throws(
      () =>
        estimateMonthlyCost({
          packageBytes: -1,
          sourceRegion: "",
          regions: [
            { name: "eastus", replicas: 1.5 },
            { name: "East US", replicas: 1 },
          ],
          prices: { egressPerGiB: Number.NaN },
        }),
      (e: unknown) =>
        e instanceof VmAppsValidationError &&
        e.problems.map((p) => p.field).join() ===
          "packageBytes,sourceRegion,regions[0].replicas,regions[1].name,prices.egressPerGiB",
    );
  });
});
