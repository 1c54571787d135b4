import { storageAccountTypeProblems } from "./enums";
import { integerProblems, isKnown, isMissing, missing } from "./fields";
import { BLOCK_BLOB_REPLICA_MAX, PAGE_BLOB_ALIGNMENT, REGIONAL_REPLICA_MAX } from "./limits";
import { error, type Problem, warning } from "./problems";
import { normalizeRegion, sameRegion } from "./regions";
import type { BlobType } from "./replicas";
import { repeatedRegions } from "./replication";

export interface TargetRegionShape {
  name?: string;
  regionalReplicaCount?: number;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
  encryption?: unknown;
}

/**
 * The target regions of a versioned gallery artifact: each named once, the version's own
 * location among them, replica counts within Azure's limits (a block blob allows fewer).
 * `field` is where the list sits in the checked object.
 */
export function targetRegionProblems(
  regions: Array<TargetRegionShape | undefined> | undefined,
  field: string,
  location: string | undefined,
  blobType: BlobType | undefined,
): Problem[] {
  if (!Array.isArray(regions)) return [];
  const problems: Problem[] = [];
  // Only names known now and not empty can repeat one another.
  const names = regions.map((region) =>
    isKnown(region) && isKnown(region.name) && typeof region.name === "string" ? region.name : "",
  );
  const repeats = repeatedRegions(names);
  let allNamesKnown = true;

  regions.forEach((region, index) => {
    if (!isKnown(region)) {
      allNamesKnown = false;
      return;
    }
    const at = `${field}[${index}]`;
    if (isMissing(region, "name") || region.name?.trim() === "") {
      problems.push(
        missing(`${at}.name`, "The region name", "Name the Azure region, e.g. eastus."),
      );
    } else if (!isKnown(region.name)) {
      allNamesKnown = false;
    } else {
      const first = repeats.get(index);
      if (first !== undefined) {
        problems.push(
          error(
            `${at}.name`,
            `"${first.spelling}" (${field}[${first.index}]) and "${region.name}" are the same region; duplicate target regions are not allowed.`,
            `Remove one of "${first.spelling}" and "${region.name}".`,
          ),
        );
      }
    }
    if (isKnown(region.encryption)) {
      problems.push(
        error(
          `${at}.encryption`,
          "Gallery application versions do not support encryption on target regions.",
          "Remove encryption from the target region.",
        ),
      );
    }
    problems.push(
      ...integerProblems(
        region.regionalReplicaCount,
        1,
        REGIONAL_REPLICA_MAX,
        `${at}.regionalReplicaCount`,
        "regionalReplicaCount",
      ),
      ...storageAccountTypeProblems(region.storageAccountType, `${at}.storageAccountType`),
    );
    const count = region.regionalReplicaCount;
    if (
      typeof count === "number" &&
      count > BLOCK_BLOB_REPLICA_MAX &&
      count <= REGIONAL_REPLICA_MAX
    ) {
      const message = `${count} replicas need a page blob; a block blob allows at most ${BLOCK_BLOB_REPLICA_MAX}.`;
      const fix = `Stage the package as a page blob (size a multiple of ${PAGE_BLOB_ALIGNMENT} bytes), or lower the count to ${BLOCK_BLOB_REPLICA_MAX}.`;
      if (blobType === "block") problems.push(error(`${at}.regionalReplicaCount`, message, fix));
      if (blobType === undefined) {
        problems.push(
          warning(`${at}.regionalReplicaCount`, `${message} The blob type is not known here.`, fix),
        );
      }
    }
  });

  if (
    allNamesKnown &&
    isKnown(location) &&
    location.trim() !== "" &&
    !names.some((name) => name !== "" && sameRegion(name, location))
  ) {
    problems.push(
      error(
        field,
        `The target regions must include the version's own location "${location}".`,
        `Add { name: "${normalizeRegion(location)}" } to targetRegions.`,
      ),
    );
  }
  return problems;
}
