import assert from "node:assert/strict";
import {
  AZURE_PUBLIC_REGIONS,
  closestAzureRegion,
  isKnownAzureRegion,
  unknownRegionProblems,
} from "../../sdk/core/shared/azureRegions";
import { normalizeRegion } from "../../sdk/core/shared/regions";

describe("Azure region names", () => {
  it("knows every spelling of public regions and suggests only close names", () => {
    for (const known of [
      "westeurope",
      "West Europe",
      "EastUS2",
      "swedencentral",
      "newzealandnorth",
    ]) {
      assert.deepEqual(unknownRegionProblems(known, "location"), [], known);
    }
    assert.equal(closestAzureRegion("esatus2"), "eastus2");
    assert.equal(closestAzureRegion("ukwset"), "ukwest");
    assert.equal(closestAzureRegion("Mars Central"), undefined);
    const [problem] = unknownRegionProblems("northeurop", "location");
    assert.equal(problem?.severity, "warning");
    assert.match(problem?.fix ?? "", /northeurope/);
  });

  it("holds each region once, already normalised", () => {
    assert.equal(new Set(AZURE_PUBLIC_REGIONS).size, AZURE_PUBLIC_REGIONS.length);
    for (const region of AZURE_PUBLIC_REGIONS) {
      assert.equal(normalizeRegion(region), region);
      assert.ok(isKnownAzureRegion(region), region);
    }
  });
});
