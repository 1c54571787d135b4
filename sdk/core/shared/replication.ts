import { storageAccountTypeProblems } from "./enums";
import { describeValue } from "./fields";
import { childField, unknownKeyProblems } from "./keys";
import { BLOCK_BLOB_REPLICA_MAX, PAGE_BLOB_ALIGNMENT, REGIONAL_REPLICA_MAX } from "./limits";
import { error, type Problem, warning } from "./problems";
import { REGION_EXAMPLE, REGION_KEYS, type RegionRequest } from "./regionRequest";
import { findDuplicateRegions, normalizeRegion } from "./regions";
import {
  type BlobType,
  blobTypeProblems,
  type ReplicaDemand,
  type ReplicaLimit,
  type ReplicaRule,
  recommendDefaultReplicaCount,
  recommendReplicas,
  replicaDemandProblems,
  replicaLimit,
} from "./replicas";

// Re-exported: the CLI and the components import them from here.
export {
  outsideRegionsHint,
  REGION_EXAMPLE,
  REGION_SHAPE,
  type RegionRequest,
} from "./regionRequest";

export interface ReplicationInput {
  /** The version's own location; always replicated to, and listed first. */
  location: string;
  /**
   * Keyed by region name as the user spells it ("West Europe", "westeurope"). An entry of
   * `undefined` lists the region with no settings, like `{}`; `null` is a mistake (an entry
   * whose settings were lost), reported rather than planned as 1 replica.
   */
  regions: Record<string, RegionRequest>;
  /** Forces the package blob type; by default the plan picks page when a region wants > 3. */
  blobType?: BlobType;
  /** Version-wide storage account type, used for regions without their own. */
  storageAccountType?: string;
}

/** An entry of `publishingProfile.targetRegions` in the ARM / azure-native shape. */
export interface TargetRegion {
  name: string;
  regionalReplicaCount: number;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
}

/** The rule that decided a region's `wanted`: a demand rule, or "explicit" for a given count. */
export type RegionRule = ReplicaRule | "explicit";

export interface RegionPlan {
  /** Normalised region name. */
  region: string;
  replicas: number;
  wanted: number;
  source: "explicit" | "demand" | "default";
  /** "minimum" for a region given neither replicas nor (valid) demand. */
  decidedBy: RegionRule;
  limitedBy?: ReplicaLimit;
  reasons: string[];
  demand?: ReplicaDemand;
  /** True when the user did not list the version's own location and the plan added it. */
  addedBecauseLocation?: boolean;
}

export interface ReplicationPlan {
  blobType: BlobType;
  /** Why this blob type: forced, or chosen from the replicas wanted. */
  blobTypeReason: string;
  /** Version-wide default `replicaCount`, 1..3. */
  replicaCount: number;
  targetRegions: TargetRegion[];
  regions: RegionPlan[];
  problems: Problem[];
}

interface Wanted {
  region: string;
  field: string;
  request: RegionRequest;
  source: RegionPlan["source"];
  wanted: number;
  addedBecauseLocation?: boolean;
}

/**
 * Target regions, replica counts and blob type for one version. Pure: it never throws on bad
 * input, it lists every problem in `problems` (errors block publishing, warnings inform).
 */
export function planReplication(input: ReplicationInput): ReplicationPlan {
  const problems: Problem[] = [
    ...blobTypeProblems(input.blobType),
    ...storageAccountTypeProblems(input.storageAccountType, "storageAccountType"),
  ];
  const forcedBlobType = blobTypeProblems(input.blobType).length === 0 ? input.blobType : undefined;
  const location = normalizeRegion(input.location ?? "");
  if (location === "") {
    problems.push(
      error("location", "The version has no location.", "Set the Azure region, e.g. westeurope."),
    );
  }

  const wanted: Wanted[] = [];
  const entries = Object.entries(input.regions ?? {});
  const repeats = repeatedRegions(entries.map(([spelling]) => spelling));
  for (const [index, [spelling, given]] of entries.entries()) {
    const field = regionField(spelling);
    const region = normalizeRegion(spelling);
    if (region === "") {
      problems.push(error(field, "A region name is empty.", "Name the Azure region, e.g. eastus."));
      continue;
    }
    const request = regionRequest(spelling, given, field, problems);
    const first = repeats.get(index);
    if (first !== undefined) {
      problems.push(
        error(
          field,
          `"${first.spelling}" and "${spelling}" are the same region (${region}); a region may be listed once.`,
          `Remove one of "${first.spelling}" and "${spelling}".`,
        ),
      );
    }
    // A duplicate's own mistakes are reported too, so one round of fixes is enough.
    problems.push(
      ...storageAccountTypeProblems(request.storageAccountType, `${field}.storageAccountType`),
    );
    const entry = wantedFor(region, field, request, problems);
    if (first === undefined) wanted.push(entry);
  }

  const ownIndex = wanted.findIndex((entry) => entry.region === location);
  if (ownIndex > 0) {
    wanted.unshift(...wanted.splice(ownIndex, 1));
  } else if (ownIndex < 0 && location !== "") {
    wanted.unshift({
      region: location,
      field: regionField(location),
      request: {},
      source: "default",
      wanted: 1,
      addedBecauseLocation: true,
    });
  }

  const mostWanted = Math.max(0, ...wanted.map((entry) => entry.wanted));
  const blobType: BlobType =
    forcedBlobType ?? (mostWanted > BLOCK_BLOB_REPLICA_MAX ? "page" : "block");
  const blobTypeReason = forcedBlobType
    ? `${forcedBlobType} blob, as forced by blobType.`
    : blobType === "page"
      ? `Page blob: a region wants ${mostWanted} replicas and a block blob allows at most ${BLOCK_BLOB_REPLICA_MAX}; a page blob allows up to ${REGIONAL_REPLICA_MAX} (the package is padded to a multiple of ${PAGE_BLOB_ALIGNMENT} bytes).`
      : `Block blob: no region wants more than ${BLOCK_BLOB_REPLICA_MAX} replicas.`;

  const regions = wanted.map((entry) => planRegion(entry, blobType, location, problems));
  const targetRegions = regions.map((plan, index): TargetRegion => {
    const request = wanted[index]?.request ?? {};
    const storageAccountType = request.storageAccountType ?? input.storageAccountType;
    return {
      name: plan.region,
      regionalReplicaCount: plan.replicas,
      ...(storageAccountType !== undefined && { storageAccountType }),
      ...(request.excludeFromLatest !== undefined && {
        excludeFromLatest: request.excludeFromLatest,
      }),
    };
  });

  return {
    blobType,
    blobTypeReason,
    replicaCount: recommendDefaultReplicaCount(regions),
    targetRegions,
    regions,
    problems,
  };
}

/**
 * A region's entry as given. `{ westeurope: undefined }` lists the region without settings,
 * like `{}`; anything else that is not an object is a mistake. `null` is one too: it is what a
 * generated or templated file holds when the settings meant for the region went missing, and
 * planning it as 1 replica would under-provision without a word.
 */
function regionRequest(
  spelling: string,
  given: unknown,
  field: string,
  problems: Problem[],
): RegionRequest {
  if (given === undefined) return {};
  if (given === null) {
    problems.push(
      error(
        field,
        `the entry for ${spelling} is null.`,
        `Give ${spelling} its demand, e.g. ${REGION_EXAMPLE}, or {} for 1 replica.`,
      ),
    );
    return {};
  }
  if (typeof given === "object" && !Array.isArray(given)) {
    problems.push(...unknownKeyProblems(given, REGION_KEYS, field));
    return given as RegionRequest;
  }
  problems.push(
    error(
      field,
      `A region's entry must be an object, not ${describeValue(given)}.`,
      typeof given === "number"
        ? `Write { replicas: ${given} } to ask for ${given} replicas.`
        : "Give { replicas } or { demand }, or {} for 1 replica.",
    ),
  );
  return {};
}

function wantedFor(
  region: string,
  field: string,
  request: RegionRequest,
  problems: Problem[],
): Wanted {
  if (request.replicas !== undefined) {
    const replicas: unknown = request.replicas;
    if (typeof replicas !== "number") {
      const asNumber =
        typeof replicas === "string" && replicas.trim() !== "" ? Number(replicas) : Number.NaN;
      problems.push(
        error(
          `${field}.replicas`,
          `replicas must be a number, not ${describeValue(replicas)}.`,
          Number.isSafeInteger(asNumber) && asNumber >= 1 && asNumber <= REGIONAL_REPLICA_MAX
            ? `Write ${asNumber} without quotes.`
            : `Give a whole number from 1 to ${REGIONAL_REPLICA_MAX}, or leave replicas out and give demand.`,
        ),
      );
      return { region, field, request, source: "explicit", wanted: 1 };
    }
    if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > REGIONAL_REPLICA_MAX) {
      const fraction = Number.isFinite(replicas) && !Number.isInteger(replicas);
      problems.push(
        error(
          `${field}.replicas`,
          fraction
            ? `${replicas} replicas is not a whole number.`
            : `${replicas} replicas is outside 1..${REGIONAL_REPLICA_MAX}, the range a region allows.`,
          `Give a whole number from 1 to ${REGIONAL_REPLICA_MAX}, or leave replicas out and give demand.`,
        ),
      );
    }
    // The explicit count wins, but a demand given beside it is still read: report its mistakes.
    if (request.demand !== undefined) {
      problems.push(...replicaDemandProblems(request.demand, `${field}.demand`));
    }
    const usable = Number.isFinite(replicas) ? Math.floor(replicas) : 1;
    return { region, field, request, source: "explicit", wanted: clamp(usable) };
  }
  if (request.demand !== undefined) {
    const demandProblems = replicaDemandProblems(request.demand, `${field}.demand`);
    problems.push(...demandProblems);
    if (demandProblems.length === 0) {
      const { wanted } = recommendReplicas(request.demand, { blobType: "page" });
      return { region, field, request, source: "demand", wanted };
    }
  }
  return { region, field, request, source: "default", wanted: 1 };
}

function planRegion(
  entry: Wanted,
  blobType: BlobType,
  location: string,
  problems: Problem[],
): RegionPlan {
  const { request } = entry;
  const limit = replicaLimit(blobType);
  const demand = request.demand;
  const reasons: string[] = [];
  if (entry.addedBecauseLocation) {
    reasons.push(
      `${location} is the version's own location: Azure requires it among the target regions, so it was added.`,
    );
  }

  let wanted = entry.wanted;
  let limitedBy: ReplicaLimit | undefined;
  let decidedBy: RegionRule = entry.source === "explicit" ? "explicit" : "minimum";
  if (entry.source === "demand" && demand !== undefined) {
    const recommendation = recommendReplicas(demand, { blobType });
    reasons.push(...recommendation.reasons);
    wanted = recommendation.wanted;
    limitedBy = recommendation.limitedBy;
    decidedBy = recommendation.decidedBy;
    if (limitedBy === "block-blob-limit") {
      problems.push(
        warning(
          `${entry.field}.demand`,
          `The demand calls for ${wanted} replicas, but blobType "block" allows at most ${BLOCK_BLOB_REPLICA_MAX}; ${limit} will be created. A page blob would allow up to ${REGIONAL_REPLICA_MAX}.`,
          `Leave blobType unset (or "page") to get ${Math.min(wanted, REGIONAL_REPLICA_MAX)}, or accept ${BLOCK_BLOB_REPLICA_MAX}.`,
        ),
      );
    }
  } else {
    if (entry.source === "explicit") {
      const ignored =
        demand !== undefined && replicaDemandProblems(demand).length === 0
          ? ` The demand given would call for ${recommendReplicas(demand, { blobType: "page" }).wanted}; the explicit count wins.`
          : "";
      reasons.push(`${wanted} replica${wanted === 1 ? "" : "s"} set explicitly.${ignored}`);
    } else if (demand !== undefined) {
      reasons.push(
        "The demand given is invalid (see the problems): 1 replica, the minimum, until it is fixed.",
      );
    } else if (!entry.addedBecauseLocation) {
      reasons.push("No replicas or demand given: 1 replica, the minimum.");
    }
    // Explicit counts are already within 1..10, so only a forced block blob can cap them.
    if (wanted > limit) {
      limitedBy = "block-blob-limit";
      reasons.push(
        `Capped at ${limit}: a block blob allows at most ${BLOCK_BLOB_REPLICA_MAX} replicas per region. A page blob would allow up to ${REGIONAL_REPLICA_MAX} (its size must be a multiple of ${PAGE_BLOB_ALIGNMENT} bytes).`,
      );
      problems.push(
        warning(
          `${entry.field}.replicas`,
          `${wanted} replicas were asked for, but blobType "block" allows at most ${BLOCK_BLOB_REPLICA_MAX}; ${limit} will be created. A page blob would allow up to ${REGIONAL_REPLICA_MAX}.`,
          `Leave blobType unset (or "page") to allow up to ${REGIONAL_REPLICA_MAX}, or ask for ${BLOCK_BLOB_REPLICA_MAX}.`,
        ),
      );
    }
  }
  if (blobType === "page" && wanted > BLOCK_BLOB_REPLICA_MAX && limitedBy === undefined) {
    reasons.push(
      `More than ${BLOCK_BLOB_REPLICA_MAX} replicas need a page blob, so the package is staged as one.`,
    );
  }

  return {
    region: entry.region,
    replicas: Math.min(wanted, limit),
    wanted,
    source: entry.source,
    decidedBy,
    ...(limitedBy !== undefined && { limitedBy }),
    reasons,
    ...(demand !== undefined && { demand }),
    ...(entry.addedBecauseLocation && { addedBecauseLocation: true }),
  };
}

function clamp(replicas: number): number {
  return Math.min(REGIONAL_REPLICA_MAX, Math.max(1, replicas));
}

/**
 * Each later mention of a region already listed (same region once normalised), by its position,
 * with the first mention: the one rule of what a duplicate region is (regions.ts).
 */
export function repeatedRegions(
  spellings: readonly string[],
): Map<number, { spelling: string; index: number }> {
  const repeats = new Map<number, { spelling: string; index: number }>();
  for (const group of findDuplicateRegions(spellings)) {
    if (group.region === "") continue;
    const first = { spelling: group.spellings[0] as string, index: group.indexes[0] as number };
    for (const index of group.indexes.slice(1)) repeats.set(index, first);
  }
  return repeats;
}

/** The argument path of a region entry: `regions.westeurope`, or `regions["West Europe"]`. */
export function regionField(spelling: string): string {
  return childField("regions", spelling);
}
