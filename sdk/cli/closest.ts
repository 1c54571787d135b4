function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
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
 * The known name a typo most likely meant (`vm` → `vms`, `blobtype` → `blobType`), or
 * undefined when none is close enough to be worth suggesting.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return undefined;
  const tolerated = Math.max(1, Math.floor(Math.min(typed.length, best.name.length) / 3));
  return best.distance <= tolerated ? best.name : undefined;
}
