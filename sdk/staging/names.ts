/**
 * Container and blob names: the one home of Azure's naming rules for what staging writes, used
 * by the StagedBlob engine, `vmapps stage` and the components. Pure, no I/O.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
 */
import { error, type Problem } from "../core/shared/problems";

export const CONTAINER_NAME_MIN = 3;
export const CONTAINER_NAME_MAX = 63;
/** The account's special containers: the root container and the static website's. */
export const SPECIAL_CONTAINERS: readonly string[] = ["$root", "$web"];
/** The service's limit on a blob name. */
export const MAX_BLOB_NAME_LENGTH = 1024;

/** How a caller shows the checked value and writes an example, so each problem reads in its words. */
export interface NameProblemOptions {
  /** Leads the message, e.g. `--container Bad_Name`. @default `<field> "<name>"` */
  subject?: string;
  /** Writes a suggested value the way the caller sets it, e.g. `--container bad-name`. @default `"<value>"` */
  example?: (value: string) => string;
}

export interface ContainerNameOptions extends NameProblemOptions {
  /**
   * Whether `$root` and `$web` are accepted. They are valid names of existing containers; a
   * container this package creates to hold private packages must not be one of them (`$web` is
   * served publicly by the static website).
   * @default true
   */
  special?: boolean;
}

const CONTAINER_RULE =
  "Use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit";

function containerNameReason(name: string, special: boolean): string | undefined {
  if (SPECIAL_CONTAINERS.includes(name)) {
    return special
      ? undefined
      : "is one of the account's special containers, which cannot hold private packages";
  }
  if (name.length < CONTAINER_NAME_MIN || name.length > CONTAINER_NAME_MAX) {
    return `is ${name.length} characters; a container name has ${CONTAINER_NAME_MIN} to ${CONTAINER_NAME_MAX}`;
  }
  if (/[^a-z0-9-]/.test(name)) return "may hold only lower-case letters, digits and hyphens";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "must start and end with a letter or digit";
  }
  if (name.includes("--")) return "may not hold two hyphens in a row";
  return undefined;
}

/** The nearest valid name, or "packages" when there is none. */
function suggestedContainerName(name: string): string {
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return containerNameReason(suggestion, false) === undefined ? suggestion : "packages";
}

/**
 * Container names: 3-63 characters, lower-case letters, digits and single hyphens, starting and
 * ending with a letter or digit; `$root` and `$web` unless `special` is false.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
 */
export function containerNameProblems(
  name: unknown,
  field: string,
  options: ContainerNameOptions = {},
): Problem[] {
  const shown = typeof name === "string" ? name : String(name);
  const subject = options.subject ?? `${field} "${shown}"`;
  const example = options.example ?? ((value: string) => `"${value}"`);
  if (typeof name !== "string") {
    return [
      error(
        field,
        `${subject} must be a string; got ${typeof name}.`,
        `${CONTAINER_RULE}, e.g. ${example("packages")}.`,
      ),
    ];
  }
  const reason = containerNameReason(name, options.special ?? true);
  if (reason === undefined) return [];
  return [
    error(
      field,
      `${subject} ${reason}.`,
      `${CONTAINER_RULE}, e.g. ${example(suggestedContainerName(name))}.`,
    ),
  ];
}

function blobNameReason(name: string): string | undefined {
  if (name === "") return "is empty";
  if (name.length > MAX_BLOB_NAME_LENGTH) {
    return `is ${name.length} characters; a blob name has at most ${MAX_BLOB_NAME_LENGTH}`;
  }
  if (name.startsWith("/")) return 'starts with "/"';
  const segments = name.split("/");
  // URLs collapse "." and ".." segments, so the blob would land under another name than given.
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return 'has a "." or ".." path segment';
  }
  if (segments.some((segment) => segment === "")) {
    return "has an empty path segment (a trailing or doubled /)";
  }
  // Azure advises against segments ending in a dot: some clients drop it, reading another blob.
  if (name.endsWith(".")) return 'ends with "."';
  if (segments.some((segment) => segment.endsWith("."))) {
    return 'has a path segment that ends with "."';
  }
  return undefined;
}

/**
 * Blob names: 1-1024 characters; "/" separates virtual folders. A leading "/", empty, "." and
 * ".." segments, and segments ending with "." are refused: URLs normalise them away (or some
 * clients drop the dot), so the blob would be written or read under another name than given.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names
 */
export function blobNameProblems(
  name: unknown,
  field: string,
  options: NameProblemOptions = {},
): Problem[] {
  const shown = typeof name === "string" ? shorten(name) : String(name);
  const subject = options.subject ?? `${field} "${shown}"`;
  const example = options.example ?? ((value: string) => `"${value}"`);
  const reason =
    typeof name === "string" ? blobNameReason(name) : `must be a string; got ${typeof name}`;
  if (reason === undefined) return [];
  return [
    error(
      field,
      `${subject} ${reason}.`,
      `Name the blob with plain segments separated by single slashes, e.g. ${example("apps/1.0.0/app.zip")}, or leave it out for the content-addressed <sha256>/<file name>.`,
    ),
  ];
}

/** A name as a message shows it: long ones cut (a 1025-character name helps nobody). */
export function shorten(name: string): string {
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

/** Content-addressed default name, so a changed package never overwrites a published one. */
export function defaultBlobName(sha256: string, fileName: string): string {
  return `${sha256}/${fileName}`;
}
