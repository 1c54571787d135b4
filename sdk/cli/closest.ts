import { nearest } from "../core/closest";

/**
 * The known name a typo most likely meant (`vm` → `vms`, `blobtype` → `blobType`), or
 * undefined when none is close enough to be worth suggesting.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const best = nearest(name, known, (value) => value.toLowerCase());
  if (!best) return undefined;
  const tolerated = Math.max(1, Math.floor(Math.min(name.length, best.candidate.length) / 3));
  return best.distance <= tolerated ? best.candidate : undefined;
}
