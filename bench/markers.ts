import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Where the benchmarks publish their tables: each between its own pair of markers. */
export const BENCHMARKS_DOC = join(__dirname, "..", "docs", "benchmarks.md");

/**
 * Replaces what stands between `<!-- <name>:start -->` and `<!-- <name>:end -->` with `table`.
 * Without the markers nothing is written (and the run says so), so a moved document never
 * receives a table in the wrong place.
 */
export function writeBetweenMarkers(name: string, table: string, file = BENCHMARKS_DOC): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = readFileSync(file, "utf8");
  if (!current.includes(start) || !current.includes(end)) {
    console.log(
      `\n${relative(process.cwd(), file)} has no ${start} … ${end} markers: not written.`,
    );
    return;
  }
  const block = `${start}\n${table}\n${end}`;
  // A function replacement, so a `$` in the table is never read as a replacement pattern.
  writeFileSync(
    file,
    current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => block),
  );
  console.log(`\nwritten to ${relative(process.cwd(), file)}`);
}
