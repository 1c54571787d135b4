/**
 * What a local source is, read from the file system once: missing, a file and its size, or a
 * folder and everything in it. Synchronous, so a component can check a path in its constructor,
 * before anything is registered; the rules that judge these facts are pure (rules.ts).
 */
import { lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export interface FolderEntry {
  /** POSIX path relative to the folder; a folder's ends with "/". */
  name: string;
  absolute: string;
  kind: "file" | "directory";
  /** Any execute bit set: kept through archiving, since install scripts need it. */
  executable: boolean;
  size: number;
}

/** An entry that is neither a file nor a folder: archives cannot carry it faithfully. */
export interface RefusedEntry {
  /** POSIX path relative to the folder. */
  name: string;
  absolute: string;
  what: "symbolic link" | "special file";
}

export interface FolderListing {
  /** The folder itself, links resolved. */
  root: string;
  /** Depth first, each folder's entries in code point order (the same on every machine). */
  entries: FolderEntry[];
  refused: RefusedEntry[];
}

export type SourceFacts =
  | { path: string; type: "missing" }
  | { path: string; type: "file"; size: number }
  | { path: string; type: "folder"; listing: FolderListing }
  | { path: string; type: "other" };

/**
 * A link AS the source (`build/current` → a release) is followed: it names one file or folder,
 * as the caller means it. Links INSIDE a folder are listed as refused (see listFolder).
 */
export function inspectSource(path: string): SourceFacts {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    return { path, type: "missing" };
  }
  if (info.isFile()) return { path, type: "file", size: info.size };
  if (info.isDirectory()) return { path, type: "folder", listing: listFolder(path) };
  return { path, type: "other" };
}

/** Everything in a folder, walked without following links inside it. */
export function listFolder(dir: string): FolderListing {
  const named = resolve(dir);
  let root = named;
  try {
    root = realpathSync(named);
  } catch {
    // Resolved as far as it goes; readdir below names the actual failure.
  }
  const listing: FolderListing = { root, entries: [], refused: [] };
  walk(listing, "");
  return listing;
}

function walk(listing: FolderListing, prefix: string): void {
  const names = readdirSync(join(listing.root, prefix)).sort(byCodePoint);
  for (const name of names) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const absolute = join(listing.root, relative);
    const info = lstatSync(absolute);
    if (info.isDirectory()) {
      listing.entries.push({
        name: `${relative}/`,
        absolute,
        kind: "directory",
        executable: true,
        size: 0,
      });
      walk(listing, relative);
    } else if (info.isFile()) {
      listing.entries.push({
        name: relative,
        absolute,
        kind: "file",
        executable: (info.mode & 0o111) !== 0,
        size: info.size,
      });
    } else {
      listing.refused.push({
        name: relative,
        absolute,
        what: info.isSymbolicLink() ? "symbolic link" : "special file",
      });
    }
  }
}

/** Locale-free order, identical on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fileCount(listing: FolderListing): number {
  return listing.entries.filter((entry) => entry.kind === "file").length;
}
