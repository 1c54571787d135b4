/**
 * The rules of a VM's or scale set's `applicationProfile`: which gallery application versions it
 * installs, in what order, with which configuration. Every rule that applies to one profile has
 * its home here; the component (`applicationProfile()`), the offline plan of a scale set declared
 * with azure-native directly, and callers of the core all run these.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
 */
import { blobLinkProblems, type LinkUse } from "../shared/blobLink";
import { enumProblems, OS_TYPES } from "../shared/enums";
import { integerProblems, isKnown, isMissing, missing } from "../shared/fields";
import {
  APPLICATION_ORDER_MAX,
  APPLICATION_ORDER_MIN,
  APPLICATIONS_PER_VM_MAX,
} from "../shared/limits";
import { error, type Problem } from "../shared/problems";
import { normalizeRegion, sameRegion } from "../shared/regions";

/** An entry of a VM's or scale set's `applicationProfile.galleryApplications` (azure-native shape). */
export interface GalleryApplicationAssignment {
  packageReferenceId?: string;
  configurationReference?: string;
  order?: number;
  treatFailureAsDeploymentFailure?: boolean;
  enableAutomaticUpgrade?: boolean;
  tags?: string;
}

/** What is known of the version an entry installs, beyond its ARM shape; each may be missing. */
export interface AssignedVersionFacts {
  /**
   * Identifies the application (e.g. its lower-cased id): compared for "no application twice"
   * while `packageReferenceId` is not known yet.
   */
  application?: string;
  /** The version name, for messages. */
  version?: string;
  /** "Linux" or "Windows": the application's `supportedOSType`. */
  supportedOsType?: string;
  /** The version's target regions, in any spelling. */
  targetRegions?: readonly string[];
}

export interface AssignmentOptions {
  /** Path of the list in reported fields. @default "galleryApplications" */
  field?: string;
  /** The OS the VM or scale set runs: each application must be built for it. */
  osType?: string;
  /** Where the VM or scale set is: each version must be replicated there. */
  location?: string;
  /** Per entry, by index: what is known of its version. */
  facts?: ReadonlyArray<AssignedVersionFacts | undefined>;
  /** For SAS expiry. @default now */
  now?: Date;
}

/**
 * The VM's application manager downloads a configuration override whenever it installs the
 * application (new instances and reimages too), through the link alone.
 */
const CONFIGURATION_OVERRIDE: LinkUse = {
  reader: "the VM",
  content: "its configuration",
  validUntil: "as long as VMs may install the application (new instances, reimages)",
  requireSas: true,
};

const VERSION_ID_TAIL = /\/applications\/[^/]+\/versions\/[^/]+$/i;
const APPLICATION_ID_TAIL = /\/applications\/[^/]+$/i;
const VERSION_ID_EXAMPLE =
  "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<gallery>/applications/<application>/versions/<version>";

/**
 * Checks the applications assigned to one VM or scale set: at most 25 (VM Applications overview
 * limits); no application twice and one version of each (error table); a version resource id;
 * whole, distinct `order`s (REST spec int32); each application built for `osType` and each
 * version replicated to `location` (Azure fails the VM otherwise); a configuration override an
 * https link with a read SAS. Resource ids compare case-insensitively, as ARM compares them.
 */
export function validateApplicationAssignment(
  applications: ReadonlyArray<GalleryApplicationAssignment | undefined>,
  options: AssignmentOptions = {},
): Problem[] {
  const field = options.field ?? "galleryApplications";
  const now = options.now ?? new Date();
  const problems = [
    ...countProblems(applications.length, field),
    ...enumProblems(options.osType, OS_TYPES, "osType", "VM OS type"),
  ];
  const seen = { versions: new Map<string, number>(), applications: new Map<string, number>() };
  const orders = new Map<number, number>();
  applications.forEach((entry, index) => {
    if (!isKnown(entry)) return;
    const at = `${field}[${index}]`;
    const facts = options.facts?.[index] ?? {};
    problems.push(...referenceProblems(entry, facts, at, field, index, seen));
    problems.push(...orderProblems(entry.order, `${at}.order`, field, index, orders));
    problems.push(...osProblems(facts, options.osType, `${at}.packageReferenceId`));
    problems.push(...locationProblems(facts, options.location, `${at}.packageReferenceId`));
    problems.push(
      ...blobLinkProblems(
        entry.configurationReference,
        `${at}.configurationReference`,
        now,
        CONFIGURATION_OVERRIDE,
      ),
    );
  });
  return problems;
}

function countProblems(count: number, field: string): Problem[] {
  if (count <= APPLICATIONS_PER_VM_MAX) return [];
  return [
    error(
      field,
      `${count} applications are assigned; a VM or scale set takes at most ${APPLICATIONS_PER_VM_MAX}.`,
      "Combine applications or spread them over separate VMs or scale sets.",
    ),
  ];
}

interface Seen {
  versions: Map<string, number>;
  applications: Map<string, number>;
}

/** The keys an entry is compared by: from its id when known, else from what is declared. */
function identity(
  entry: GalleryApplicationAssignment,
  facts: AssignedVersionFacts,
): { version: string; application: string } | undefined {
  const id = entry.packageReferenceId;
  if (isKnown(id) && typeof id === "string") {
    const version = id.trim().toLowerCase().replace(/\/+$/, "");
    return { version, application: version.replace(/\/versions\/[^/]+$/, "") };
  }
  if (facts.application === undefined) return undefined;
  return {
    version: `${facts.application}/versions/${facts.version ?? ""}`,
    application: facts.application,
  };
}

function referenceProblems(
  entry: GalleryApplicationAssignment,
  facts: AssignedVersionFacts,
  at: string,
  field: string,
  index: number,
  seen: Seen,
): Problem[] {
  const idField = `${at}.packageReferenceId`;
  if (isMissing(entry, "packageReferenceId") || entry.packageReferenceId === "") {
    return [missing(idField, "packageReferenceId", "Give the application version's resource ID.")];
  }
  const problems = idFormProblems(entry.packageReferenceId, idField);
  const keys = identity(entry, facts);
  if (keys === undefined) return problems;
  const sameVersion = seen.versions.get(keys.version);
  const sameApplication = seen.applications.get(keys.application);
  if (sameVersion !== undefined) {
    problems.push(
      error(
        idField,
        `This application version is already assigned at ${field}[${sameVersion}].`,
        "List each application once.",
      ),
    );
  } else if (sameApplication !== undefined) {
    problems.push(
      error(
        idField,
        `Another version of this application is already assigned at ${field}[${sameApplication}]; a VM runs one version of an application.`,
        "Keep one version of the application.",
      ),
    );
  }
  if (!seen.versions.has(keys.version)) seen.versions.set(keys.version, index);
  if (!seen.applications.has(keys.application)) seen.applications.set(keys.application, index);
  return problems;
}

/** An application's id (no `/versions/…`) is the commonest slip: it names no version to install. */
function idFormProblems(id: unknown, field: string): Problem[] {
  if (!isKnown(id)) return [];
  if (typeof id === "string" && VERSION_ID_TAIL.test(id.trim())) return [];
  const applicationId = typeof id === "string" && APPLICATION_ID_TAIL.test(id.trim());
  return [
    error(
      field,
      applicationId
        ? "This is an application's id; a VM installs a version of it."
        : `${JSON.stringify(id)} is not a gallery application version id.`,
      applicationId
        ? "Append /versions/<version> (e.g. /versions/1.0.0), or pass the VmApplicationVersion."
        : `Use ${VERSION_ID_EXAMPLE}.`,
    ),
  ];
}

function orderProblems(
  order: unknown,
  at: string,
  field: string,
  index: number,
  orders: Map<number, number>,
): Problem[] {
  if (!isKnown(order)) return [];
  const problems = integerProblems(
    order,
    APPLICATION_ORDER_MIN,
    APPLICATION_ORDER_MAX,
    at,
    "order",
  );
  if (problems.length > 0) return problems;
  const value = order as number;
  const first = orders.get(value);
  if (first === undefined) {
    orders.set(value, index);
    return [];
  }
  return [
    error(
      at,
      `order ${value} is also given to ${field}[${first}]; Azure installs applications of equal order in any sequence, and one failing does not stop the other, so the order would say nothing.`,
      "Give each application its own order, or leave order out where the sequence does not matter.",
    ),
  ];
}

function osProblems(facts: AssignedVersionFacts, osType: unknown, at: string): Problem[] {
  const built = facts.supportedOsType;
  if (typeof osType !== "string" || built === undefined) return [];
  if (built.toLowerCase() === osType.toLowerCase()) return [];
  return [
    error(
      at,
      `The application is built for ${built} (its supportedOSType) and the VM runs ${osType} (osType); Azure refuses to install it.`,
      `Assign a ${osType} application here, or install this one on ${built} VMs.`,
    ),
  ];
}

function locationProblems(facts: AssignedVersionFacts, location: unknown, at: string): Problem[] {
  const regions = facts.targetRegions;
  if (typeof location !== "string" || location.trim() === "" || regions === undefined) return [];
  if (regions.some((region) => sameRegion(region, location))) return [];
  const version = facts.version === undefined ? "The version" : `Version ${facts.version}`;
  return [
    error(
      at,
      `${version} is not replicated to ${normalizeRegion(location)}, where the VM is (its target regions: ${regions.map(normalizeRegion).join(", ") || "none"}); Azure fails the VM's deployment.`,
      `Add ${normalizeRegion(location)} to the version's regions, or deploy the VM in one of its target regions.`,
    ),
  ];
}
