/**
 * A region entry as a user writes it (fleet file, a version's `regions`): its keys, and the hint
 * for a region setting written outside `regions`.
 */
import { closestName } from "./closest";
import { ANY_VALUE, type ObjectKeys, objectShape } from "./keys";
import { DEMAND_SHAPE, type ReplicaDemand } from "./replicas";

/** What one region asks for. `replicas`, when given, wins over `demand`. */
export interface RegionRequest {
  replicas?: number;
  demand?: ReplicaDemand;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
}

/** A region entry, as JSON (and as JavaScript). */
export const REGION_EXAMPLE = '{"demand": {"vms": 20, "scaleSets": [600]}}';

const isDemandKey = (key: string) => Object.hasOwn(DEMAND_SHAPE.keys, key);
const isRegionKey = (key: string) => Object.hasOwn(REGION_SHAPE.keys, key);

/** The keys of a region entry; a demand figure written beside them belongs under demand. */
export const REGION_SHAPE = objectShape<RegionRequest>(
  {
    replicas: ANY_VALUE,
    demand: DEMAND_SHAPE,
    storageAccountType: ANY_VALUE,
    excludeFromLatest: ANY_VALUE,
  },
  {
    hint: (key) =>
      isDemandKey(key) ? `Move it under demand: {"demand": {"${key}": …}}.` : undefined,
  },
);

/**
 * For the object that holds `regions` (a fleet file, a version's arguments): a region setting
 * or a region written beside `regions` instead of inside it. `known` are that object's keys.
 */
export function outsideRegionsHint(
  known: readonly string[],
): (key: string, owner: Record<string, unknown>) => string | undefined {
  return (key, owner) => {
    const region = typeof owner.location === "string" ? owner.location : "westeurope";
    if (isRegionKey(key) || isDemandKey(key)) {
      return `"${key}" belongs in a region entry: "regions": {"${region}": ${isDemandKey(key) ? `{"demand": {"${key}": …}}` : `{"${key}": …}`}}.`;
    }
    const value = owner[key];
    if (value !== null && typeof value === "object" && closestName(key, known) === undefined) {
      return `If "${key}" is a region, move it under "regions": {"${key}": ${REGION_EXAMPLE}}.`;
    }
    return undefined;
  };
}

/**
 * A region entry's own keys; its demand is checked by replicaDemandProblems, which also decides
 * whether the demand is usable.
 */
export const REGION_KEYS: ObjectKeys = {
  ...REGION_SHAPE,
  keys: { ...REGION_SHAPE.keys, demand: ANY_VALUE },
};
