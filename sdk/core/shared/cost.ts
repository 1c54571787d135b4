import { BYTES } from "./limits";
import { assertValid, error, type Problem } from "./problems";
import { normalizeRegion } from "./regions";

/** Prices in USD. Any price left out falls back to DEFAULT_PRICES. */
export interface CostPrices {
  /** Storage of one replica, per GiB per month. */
  storagePerGiBMonth?: number;
  /** Copying data from the source region to another region, per GiB. */
  egressPerGiB?: number;
  /** Per-region storage prices, keyed by region name in any spelling. */
  storagePerGiBMonthByRegion?: Record<string, number>;
  /** Per-destination-region egress prices, keyed by region name in any spelling. */
  egressPerGiBByRegion?: Record<string, number>;
}

/**
 * Estimates, not quotes: US list prices read in June 2024. Storage: Managed Disks standard
 * snapshot (LRS), $0.05 per GB-month, which gallery replicas are billed as (Compute Gallery overview "billing");
 * https://azure.microsoft.com/pricing/details/managed-disks/. Egress: data transfer between
 * regions within one continent, $0.02 per GB; https://azure.microsoft.com/pricing/details/bandwidth/.
 */
export const DEFAULT_PRICES = {
  storagePerGiBMonth: 0.05,
  egressPerGiB: 0.02,
  asOf: "2024-06",
} as const;

export interface CostInput {
  /** Size of the package (plus configuration) stored per replica. */
  packageBytes: number;
  /** Region the version is created in; copies to every other region are billed as egress. */
  sourceRegion: string;
  regions: ReadonlyArray<{ name: string; replicas: number }>;
  prices?: CostPrices;
}

export interface RegionCost {
  region: string;
  replicas: number;
  storagePerMonth: number;
  /** Zero for the source region: later replicas are copied inside a region at no charge. */
  oneTimeEgress: number;
}

export interface CostEstimate {
  currency: "USD";
  storagePerMonth: number;
  oneTimeEgress: number;
  perRegion: RegionCost[];
  /** What the figures assume, including where each default price comes from. */
  assumptions: string[];
}

/**
 * Storage for every replica in every region, plus the one-time egress of the first copy from the
 * source region to each other region (VM Applications overview "cost", Compute Gallery overview "billing"). Amounts are rounded
 * to 1/10000 of a dollar. Throws a VmAppsValidationError naming every bad input.
 */
export function estimateMonthlyCost(input: CostInput): CostEstimate {
  assertValid(costInputProblems(input), "Cost input");
  const prices = input.prices ?? {};
  const gib = input.packageBytes / BYTES.GiB;
  const source = normalizeRegion(input.sourceRegion);
  const storageByRegion = byRegion(prices.storagePerGiBMonthByRegion);
  const egressByRegion = byRegion(prices.egressPerGiBByRegion);
  const storagePrice = prices.storagePerGiBMonth ?? DEFAULT_PRICES.storagePerGiBMonth;
  const egressPrice = prices.egressPerGiB ?? DEFAULT_PRICES.egressPerGiB;

  const perRegion = input.regions.map(({ name, replicas }): RegionCost => {
    const region = normalizeRegion(name);
    const storage = replicas * gib * (storageByRegion.get(region) ?? storagePrice);
    const egress = region === source ? 0 : gib * (egressByRegion.get(region) ?? egressPrice);
    return { region, replicas, storagePerMonth: cents(storage), oneTimeEgress: cents(egress) };
  });

  const assumptions = [
    `Package of ${gib.toFixed(3)} GiB stored once per replica; prices per GiB.`,
    prices.storagePerGiBMonth === undefined
      ? `Storage at $${DEFAULT_PRICES.storagePerGiBMonth}/GiB-month: estimate from the Managed Disks standard snapshot (LRS) list price, ${DEFAULT_PRICES.asOf}; https://azure.microsoft.com/pricing/details/managed-disks/.`
      : `Storage at $${storagePrice}/GiB-month, as given.`,
    prices.egressPerGiB === undefined
      ? `Egress at $${DEFAULT_PRICES.egressPerGiB}/GiB: estimate from the inter-region transfer list price within one continent, ${DEFAULT_PRICES.asOf}; transfer between continents costs more. https://azure.microsoft.com/pricing/details/bandwidth/.`
      : `Egress at $${egressPrice}/GiB, as given.`,
    `Egress is paid once, for the first copy from ${source} to each other region; replicas within a region are free.`,
    "The staging storage account is not included: the package blob may be deleted after replication.",
  ];
  if (!perRegion.some((r) => r.region === source)) {
    assumptions.push(`${source} is not among the regions, so no storage is counted there.`);
  }

  return {
    currency: "USD",
    storagePerMonth: cents(perRegion.reduce((sum, r) => sum + r.storagePerMonth, 0)),
    oneTimeEgress: cents(perRegion.reduce((sum, r) => sum + r.oneTimeEgress, 0)),
    perRegion,
    assumptions,
  };
}

function costInputProblems(input: CostInput): Problem[] {
  const problems: Problem[] = [];
  const { packageBytes } = input;
  if (!Number.isSafeInteger(packageBytes) || packageBytes < 0) {
    problems.push(
      error(
        "packageBytes",
        `${packageBytes} is not a byte count.`,
        "Give the package size in bytes.",
      ),
    );
  }
  if (typeof input.sourceRegion !== "string" || normalizeRegion(input.sourceRegion) === "") {
    problems.push(
      error("sourceRegion", "The source region is missing.", "Give the version's location."),
    );
  }
  const seen = new Map<string, number>();
  input.regions.forEach(({ name, replicas }, index) => {
    const region = normalizeRegion(name ?? "");
    const first = seen.get(region);
    if (first !== undefined) {
      problems.push(
        error(
          `regions[${index}].name`,
          `"${name}" repeats regions[${first}].`,
          "List each region once.",
        ),
      );
    }
    seen.set(region, first ?? index);
    if (!Number.isSafeInteger(replicas) || replicas < 0) {
      problems.push(
        error(
          `regions[${index}].replicas`,
          `${replicas} is not a replica count.`,
          "Give a whole number of replicas.",
        ),
      );
    }
  });
  const priceEntries: Array<[string, unknown]> = [
    ["prices.storagePerGiBMonth", input.prices?.storagePerGiBMonth],
    ["prices.egressPerGiB", input.prices?.egressPerGiB],
    ...Object.entries(input.prices?.storagePerGiBMonthByRegion ?? {}).map(
      ([k, v]): [string, unknown] => [`prices.storagePerGiBMonthByRegion.${k}`, v],
    ),
    ...Object.entries(input.prices?.egressPerGiBByRegion ?? {}).map(([k, v]): [string, unknown] => [
      `prices.egressPerGiBByRegion.${k}`,
      v,
    ]),
  ];
  for (const [field, price] of priceEntries) {
    if (
      price !== undefined &&
      (typeof price !== "number" || !Number.isFinite(price) || price < 0)
    ) {
      problems.push(
        error(field, `${String(price)} is not a price.`, "Give a price in USD of 0 or more."),
      );
    }
  }
  return problems;
}

function byRegion(prices: Record<string, number> | undefined): Map<string, number> {
  return new Map(
    Object.entries(prices ?? {}).map(([name, price]) => [normalizeRegion(name), price]),
  );
}

function cents(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}
