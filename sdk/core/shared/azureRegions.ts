/**
 * Programmatic names of the Azure public-cloud regions, to catch a misspelt region before Azure
 * does (twenty minutes into replication). Pure data and a pure lookup.
 *
 * Source: "Azure regions list" (https://learn.microsoft.com/azure/reliability/regions-list,
 * "Programmatic name" column) cross-checked with `az account list-locations --query [].name`
 * output published for the public cloud, as read on 2026-11-22. Restricted-access regions are
 * included (a subscription may be granted them), as are the two EUAP canary regions.
 *
 * New regions open every year and sovereign clouds (Azure Government, Azure operated by 21Vianet)
 * have other names, so an unknown name is a warning, never an error.
 */

import { nearest } from "./closest";
import { type Problem, warning } from "./problems";
import { normalizeRegion } from "./regions";

/** Date the list was last checked against its source. */
export const AZURE_PUBLIC_REGIONS_CHECKED_ON = "2026-11-22";

export const AZURE_PUBLIC_REGIONS: readonly string[] = [
  "australiacentral",
  "australiacentral2",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "brazilsoutheast",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "centraluseuap",
  "chilecentral",
  "eastasia",
  "eastus",
  "eastus2",
  "eastus2euap",
  "francecentral",
  "francesouth",
  "germanynorth",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "jioindiacentral",
  "jioindiawest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "norwaywest",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southafricawest",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "swedensouth",
  "switzerlandnorth",
  "switzerlandwest",
  "uaecentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

const KNOWN = new Set(AZURE_PUBLIC_REGIONS);

/** True when the name, normalised ("West Europe" → westeurope), is a public-cloud region. */
export function isKnownAzureRegion(region: string): boolean {
  return KNOWN.has(normalizeRegion(region));
}

/** The known region closest to `region` by edit distance, when close enough to be a typo. */
export function closestAzureRegion(region: string): string | undefined {
  const name = normalizeRegion(region);
  const best = nearest(name, AZURE_PUBLIC_REGIONS);
  // A quarter of the name may differ: "westeurop", "esatus2" and "ukwset" are typos, while
  // "Mars Central" is three edits from uaecentral and no typo of it.
  const tolerance = Math.max(2, Math.floor(name.length / 4));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

/**
 * A warning for a region name that is not in the public-cloud list, with the closest known name
 * as the fix. Empty for a known name (in any spelling `normalizeRegion` accepts).
 */
export function unknownRegionProblems(region: string, field: string): Problem[] {
  if (isKnownAzureRegion(region)) return [];
  const closest = closestAzureRegion(region);
  return [
    warning(
      field,
      `"${region}" is not an Azure public-cloud region name known to this package (list of ${AZURE_PUBLIC_REGIONS_CHECKED_ON}); Azure will refuse it unless it is a newer region or one of a sovereign cloud.`,
      closest
        ? `Did you mean ${closest}? Otherwise check the name with \`az account list-locations --query [].name\`.`
        : "Check the name with `az account list-locations --query [].name`.",
    ),
  ];
}
