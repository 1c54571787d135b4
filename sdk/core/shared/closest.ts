/** Levenshtein distance: insertions, deletions and substitutions each count one. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `name` by edit distance, compared after `comparable` (lower case, a
 * normalised region name), or undefined when there are no candidates. Whether it is close enough
 * to suggest as a typo is the caller's call: names and region names tolerate different amounts.
 */
export function nearest(
  name: string,
  candidates: readonly string[],
  comparable: (value: string) => string = (value) => value,
): { candidate: string; distance: number } | undefined {
  const typed = comparable(name);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, comparable(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best;
}

/**
 * The known key a typo most likely meant (`vm` → `vms`, `blobtype` → `blobType`), or undefined
 * when none is close enough to be worth suggesting: about one edit per three letters.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const best = nearest(name, known, (value) => value.toLowerCase());
  if (!best) return undefined;
  const tolerated = Math.max(1, Math.floor(Math.min(name.length, best.candidate.length) / 3));
  return best.distance <= tolerated ? best.candidate : undefined;
}
