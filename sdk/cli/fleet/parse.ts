/**
 * Reading a fleet plan file (format: docs/fleet-file.md, `vmapps recommend --help`): every problem
 * in it at once, as data.
 */
import { readFileSync } from "node:fs";
import {
  BLOB_TYPES,
  type BlobType,
  type Problem,
  planReplication,
  type RegionRequest,
} from "../../core";
import {
  ANY_VALUE,
  type KeysOf,
  mapOf,
  objectShape,
  unknownKeyProblems,
} from "../../core/shared/keys";
import { error } from "../../core/shared/problems";
import { outsideRegionsHint, REGION_EXAMPLE, REGION_SHAPE } from "../../core/shared/replication";
import { CliError, CliProblemsError } from "../errors";
import type { Fleet } from "./model";

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const FLEET_KEYS = {
  application: ANY_VALUE,
  version: ANY_VALUE,
  location: ANY_VALUE,
  packageBytes: ANY_VALUE,
  blobType: ANY_VALUE,
  regions: mapOf(REGION_SHAPE),
} satisfies KeysOf<Fleet>;

/**
 * A key nothing reads would silently change the plan (a typo drops the demand, a region outside
 * "regions" is never replicated to): every one is a problem, with the key it likely meant.
 * JSON files conventionally carry annotations, read by no one.
 */
const FLEET_SHAPE = objectShape<Fleet>(FLEET_KEYS, {
  hint: outsideRegionsHint(Object.keys(FLEET_KEYS)),
  ignored: ["$comment", "$schema"],
});

/**
 * Every problem with a fleet plan's content at once: its own fields, then what the replica
 * planner finds in the regions (counts, duplicates), so one edit round fixes them all.
 */
export function fleetProblems(parsed: unknown): Problem[] {
  if (!isRecord(parsed)) {
    return [
      error(
        "(file)",
        `a fleet plan is a JSON object; got ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed}.`,
        'Give {"location": "westeurope", "regions": {"westeurope": {"demand": {"vms": 20}}}} (format: vmapps recommend --help).',
      ),
    ];
  }
  const problems: Problem[] = unknownKeyProblems(parsed, FLEET_SHAPE);
  if (typeof parsed.location !== "string" || parsed.location.trim() === "") {
    problems.push(
      error(
        "location",
        "the source region is missing.",
        'Give the region the version is published from, e.g. "location": "westeurope".',
      ),
    );
  }
  for (const field of ["application", "version"] as const) {
    if (parsed[field] !== undefined && typeof parsed[field] !== "string") {
      problems.push(
        error(field, `${field} must be a string.`, `Give ${field} as text, or leave it out.`),
      );
    }
  }
  const bytes = parsed.packageBytes;
  if (bytes !== undefined && !(Number.isSafeInteger(bytes) && (bytes as number) >= 0)) {
    problems.push(
      error(
        "packageBytes",
        `${JSON.stringify(bytes)} is not a byte count.`,
        "Give the package size as a whole number of bytes, or leave it out (no cost estimate).",
      ),
    );
  }
  if (parsed.blobType !== undefined && !BLOB_TYPES.includes(parsed.blobType as BlobType)) {
    problems.push(
      error(
        "blobType",
        `${JSON.stringify(parsed.blobType)} is not a blob type.`,
        `Use one of ${BLOB_TYPES.join(", ")}, or leave it out to let the plan choose.`,
      ),
    );
  }
  if (!isRecord(parsed.regions)) {
    problems.push(
      error(
        "regions",
        "regions is missing or not an object.",
        `Give "regions": {"westeurope": ${REGION_EXAMPLE}}.`,
      ),
    );
    return problems;
  }
  if (typeof parsed.location === "string") {
    const plan = planReplication({
      location: parsed.location,
      regions: parsed.regions as Record<string, RegionRequest>,
      blobType: BLOB_TYPES.includes(parsed.blobType as BlobType)
        ? (parsed.blobType as BlobType)
        : undefined,
    });
    problems.push(...plan.problems.filter((problem) => problem.severity === "error"));
  }
  // The planner checks region entries too (its callers need not be this file): report once.
  return problems.filter(
    (problem, index) =>
      problems.findIndex((p) => p.field === problem.field && p.message === problem.message) ===
      index,
  );
}

/** Reads and checks a fleet plan file; throws every problem in it at once. */
export function loadFleet(file: string): Fleet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(
      `cannot read fleet plan ${file}: ${(error as Error).message.split("\n")[0]}`,
      "pass a JSON fleet plan file (its format: vmapps recommend --help)",
    );
  }
  const problems = fleetProblems(parsed);
  if (problems.length > 0) throw new CliProblemsError(file, problems);
  return parsed as Fleet;
}
