/**
 * Azure region names as ARM compares them: "China North", "chinanorth" and "ChinaNorth" are one
 * region. Lower case with every whitespace removed; idempotent.
 */
export function normalizeRegion(region: string): string {
  return region.replace(/\s+/g, "").toLowerCase();
}

export function sameRegion(a: string, b: string): boolean {
  return normalizeRegion(a) === normalizeRegion(b);
}

/** Two or more entries of one list that name the same region. */
export interface DuplicateRegionGroup {
  /** The normalised name they share. */
  region: string;
  /** Each spelling as written, in list order (may repeat when written identically twice). */
  spellings: string[];
  /** Their positions in the list. */
  indexes: number[];
}

/** Groups of entries that are the same region after normalisation, in order of first mention. */
export function findDuplicateRegions(regions: readonly string[]): DuplicateRegionGroup[] {
  const groups = new Map<string, DuplicateRegionGroup>();
  regions.forEach((spelling, index) => {
    const region = normalizeRegion(spelling);
    const group = groups.get(region) ?? { region, spellings: [], indexes: [] };
    group.spellings.push(spelling);
    group.indexes.push(index);
    groups.set(region, group);
  });
  return [...groups.values()].filter((group) => group.indexes.length > 1);
}
