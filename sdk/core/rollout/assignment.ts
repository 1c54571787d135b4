import { isKnown, isMissing, missing } from "../shared/fields";
import { APPLICATIONS_PER_VM_MAX } from "../shared/limits";
import { error, type Problem } from "../shared/problems";

/** An entry of a VM's or scale set's `applicationProfile.galleryApplications` (azure-native shape). */
export interface GalleryApplicationAssignment {
  packageReferenceId?: string;
  configurationReference?: string;
  order?: number;
  treatFailureAsDeploymentFailure?: boolean;
  enableAutomaticUpgrade?: boolean;
  tags?: string;
}

/**
 * Checks the applications assigned to one VM or scale set: at most 25 (VM Applications overview limits), no
 * application twice and only one version of each (VM Applications overview error table). Resource IDs are
 * compared case-insensitively, as ARM compares them.
 */
export function validateApplicationAssignment(
  applications: ReadonlyArray<GalleryApplicationAssignment | undefined>,
  options: { field?: string } = {},
): Problem[] {
  const field = options.field ?? "galleryApplications";
  const problems: Problem[] = [];
  if (applications.length > APPLICATIONS_PER_VM_MAX) {
    problems.push(
      error(
        field,
        `${applications.length} applications are assigned; a VM or scale set takes at most ${APPLICATIONS_PER_VM_MAX}.`,
        "Combine applications or spread them over separate VMs or scale sets.",
      ),
    );
  }
  const seenVersions = new Map<string, number>();
  const seenApplications = new Map<string, number>();
  applications.forEach((entry, index) => {
    if (!isKnown(entry)) return;
    const at = `${field}[${index}].packageReferenceId`;
    if (isMissing(entry, "packageReferenceId") || entry.packageReferenceId === "") {
      problems.push(
        missing(at, "packageReferenceId", "Give the application version's resource ID."),
      );
      return;
    }
    const id = entry.packageReferenceId;
    if (!isKnown(id)) return;
    const versionKey = id.toLowerCase().replace(/\/+$/, "");
    const applicationKey = versionKey.replace(/\/versions\/[^/]+$/, "");
    const sameVersion = seenVersions.get(versionKey);
    const sameApplication = seenApplications.get(applicationKey);
    if (sameVersion !== undefined) {
      problems.push(
        error(
          at,
          `This application is already assigned at ${field}[${sameVersion}] (same packageReferenceId).`,
          "List each application once.",
        ),
      );
    } else if (sameApplication !== undefined) {
      problems.push(
        error(
          at,
          `Another version of this application is already assigned at ${field}[${sameApplication}]; a VM runs one version of an application.`,
          "Keep one version of the application.",
        ),
      );
    }
    seenVersions.set(versionKey, seenVersions.get(versionKey) ?? index);
    seenApplications.set(applicationKey, seenApplications.get(applicationKey) ?? index);
  });
  return problems;
}
