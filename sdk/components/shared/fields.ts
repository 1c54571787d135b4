/**
 * The core validates the ARM shape (`publishingProfile.manageActions.install`); users write the
 * component arguments (`commands.install`). Problems are renamed to the argument a user edits.
 */
import type { Problem } from "../../core/shared/problems";

const RENAMES: ReadonlyArray<[from: string, to: string]> = [
  ["publishingProfile.source.mediaLink", "package.mediaLink"],
  ["publishingProfile.source.defaultConfigurationLink", "config.link"],
  ["publishingProfile.manageActions", "commands"],
  ["publishingProfile.settings", ""],
  ["publishingProfile.targetRegions", "regions"],
  ["publishingProfile", ""],
  ["safetyProfile", ""],
  ["context.blobType", "blobType"],
  ["supportedOSType", "supportedOsType"],
  ["name", "version"],
];

/** For versions: the ARM field path of a problem becomes the argument path. */
export function toVersionArgumentField(problem: Problem): Problem {
  return { ...problem, field: rename(problem.field, RENAMES) };
}

/** For applications and galleries, whose names are their own `name` argument. */
export function toArgumentField(problem: Problem): Problem {
  return { ...problem, field: rename(problem.field, RENAMES.slice(0, -1)) };
}

function rename(field: string, renames: ReadonlyArray<[string, string]>): string {
  for (const [from, to] of renames) {
    if (field === from) return to || field;
    if (field.startsWith(`${from}.`)) {
      const rest = field.slice(from.length + 1);
      return to ? `${to}.${rest}` : rest;
    }
    if (to && field.startsWith(`${from}[`)) return to + field.slice(from.length);
  }
  return field;
}
