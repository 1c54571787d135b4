/**
 * `applicationProfile()`: the gallery applications a VM or scale set installs, checked against
 * the versions they name before anything is registered (and again once Outputs resolve), for
 * `compute.VirtualMachine`'s `applicationProfile` and a scale set's
 * `virtualMachineProfile.applicationProfile`. Changing a version there updates the VM or scale
 * set in place (azure-native replaces neither for it); a scale set then rolls the change out by
 * its upgrade policy (see `rolloutPolicy()`).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  type AssignedVersionFacts,
  type GalleryApplicationAssignment,
  validateApplicationAssignment,
} from "../../core/rollout/applicationProfile";
import { unknownKeyProblems } from "../../core/shared/keys";
import { error, type Problem } from "../../core/shared/problems";
import {
  applicationKey,
  type DeclaredVersion,
  declaredVersion,
  versionBefore,
} from "../application/versionFacts";
import { ComponentProblems } from "../errors";
import { known, knownDeep } from "../shared/known";
import { checkWhenResolved, unknownOutput, whenPassed } from "../shared/late";
import { firstPlainProblems } from "../shared/plain";
import {
  APPLICATION_PROFILE_ARGS,
  type ApplicationProfile,
  type ApplicationProfileArgs,
  type ApplicationProfileEntry,
  type ApplicationProfileOptions,
  type ProfileApplicationArgs,
} from "./profileArgs";

/** How the function names itself in errors: `applicationProfile "web" has 2 problems`. */
const SUBJECT = "applicationProfile";

/** An entry with the version it installs: the one named, or for a rolled-back one its predecessor. */
interface ResolvedEntry {
  given: ProfileApplicationArgs;
  installs?: DeclaredVersion;
  /** What becomes packageReferenceId; undefined when the version is missing or unusable. */
  id: pulumi.Input<string> | undefined;
  problems: Problem[];
}

/**
 * The `applicationProfile` of a VM or of a scale set's `virtualMachineProfile`. Checks, and
 * throws one `VmAppsComponentError` listing every problem: at most 25 applications, each once,
 * whole distinct orders, every application built for `osType`, every version replicated to
 * `location`, every `config` an https link with a read SAS. `treatFailureAsDeploymentFailure`
 * defaults to true. A version with `rolledBack: true` is replaced by the one declared before it.
 * @example
 * const scaleSet = new compute.VirtualMachineScaleSet("web", {
 *   location, upgradePolicy: rolloutPolicy({ maxConcurrent: "20%", failFast: true }),
 *   virtualMachineProfile: {
 *     applicationProfile: applicationProfile({ applications: [{ version: v2 }], osType: "Linux", location }),
 *     // …
 *   },
 * });
 */
export function applicationProfile(
  args: ApplicationProfileArgs,
  options: ApplicationProfileOptions = {},
): ApplicationProfile {
  const report = new ComponentProblems(SUBJECT, options.name ?? SUBJECT);
  const early = firstPlainProblems(args, APPLICATION_PROFILE_ARGS);
  const list = Array.isArray(args?.applications) ? args.applications : undefined;
  const entries = early || !list ? [] : list.map(resolveEntry);
  const failed = report.stopBeforeRegistering(
    early ?? [
      ...shapeProblems(args, list),
      ...entries.flatMap((e) => e.problems),
      ...validate(viewOf(args, entries)),
    ],
  );
  // There is no component to log warnings against: they are logged now.
  report.registered();
  if (failed || !list) {
    return { galleryApplications: (list ?? []).map(() => unknownEntry()) };
  }
  const passed = checkWhenResolved(
    viewOf(args, entries),
    [],
    (resolved) => validate(resolved),
    (problems) => report.stopWhenResolved(undefined, problems),
  );
  return { galleryApplications: entries.map((entry) => profileEntry(entry, passed)) };
}

function resolveEntry(given: ProfileApplicationArgs, index: number): ResolvedEntry {
  const field = `applications[${index}].version`;
  const version = given?.version;
  if (version === undefined || version === null) {
    return {
      given,
      id: undefined,
      problems: [
        error(
          field,
          "version is missing.",
          "Give a VmApplicationVersion or a version's resource id.",
        ),
      ],
    };
  }
  const named = declaredVersion(version);
  if (named?.rolledBack) {
    const before = versionBefore(named);
    if (before === undefined) {
      return {
        given,
        id: undefined,
        problems: [
          error(
            field,
            `Version ${named.version} (VmApplicationVersion "${named.name}") is rolledBack, and no earlier version of its application is declared before this profile to go back to.`,
            "Declare the version to go back to (a VmApplicationVersion of the same application with a lower number) before this profile, or name its id here.",
          ),
        ],
      };
    }
    return { given, installs: before, id: before.id, problems: [] };
  }
  if (named) return { given, installs: named, id: named.id, problems: [] };
  if (
    typeof version === "string" ||
    pulumi.Output.isInstance(version) ||
    version instanceof Promise
  ) {
    return { given, id: version as pulumi.Input<string>, problems: [] };
  }
  return {
    given,
    id: undefined,
    problems: [
      error(
        field,
        "version is neither a VmApplicationVersion nor a version's resource id.",
        "Give the VmApplicationVersion, or its id (…/applications/<app>/versions/<version>).",
      ),
    ],
  };
}

function shapeProblems(args: ApplicationProfileArgs, list: unknown[] | undefined): Problem[] {
  if (list) return unknownKeyProblems(args, APPLICATION_PROFILE_ARGS);
  return [
    error(
      "applications",
      args?.applications === undefined ? "applications is missing." : "applications is not a list.",
      "Give a list of applications, e.g. applications: [{ version: v1 }].",
    ),
  ];
}

/**
 * Everything the checks read, as plain objects holding the Outputs still to resolve (the ids,
 * and the OS and target regions of declared versions), so one function checks both before
 * registering (unknown parts skipped) and once resolved.
 */
interface ProfileView {
  osType: unknown;
  location: unknown;
  applications: Array<{
    /** Left out when the version is missing or unusable: reported already. */
    id?: unknown;
    config: unknown;
    order: unknown;
    application?: string;
    version?: string;
    os: unknown;
    regions: unknown;
  }>;
}

function viewOf(args: ApplicationProfileArgs, entries: ResolvedEntry[]): ProfileView {
  return {
    osType: args.osType,
    location: args.location,
    applications: entries.map((entry) => ({
      ...(entry.id !== undefined && { id: entry.id }),
      config: entry.given?.config,
      order: entry.given?.order,
      application: applicationKey(entry.installs?.application),
      version: entry.installs?.version,
      os: entry.installs?.os,
      regions: entry.installs?.targetRegions,
    })),
  };
}

/** The core's rules (sdk/core/rollout), reported under the argument names. */
function validate(view: ProfileView): Problem[] {
  const assignments: GalleryApplicationAssignment[] = view.applications.map((entry) => ({
    ...("id" in entry ? { packageReferenceId: known(entry.id as pulumi.Input<string>) } : {}),
    ...(entry.config !== undefined && { configurationReference: known(entry.config as string) }),
    ...(entry.order !== undefined && { order: known(entry.order as number) }),
  }));
  // Entries without an id were reported already: the core would call them missing.
  const facts: AssignedVersionFacts[] = view.applications.map((entry) => ({
    application: entry.application,
    version: entry.version,
    supportedOsType: knownText(entry.os),
    targetRegions: knownDeep(entry.regions as string[] | undefined),
  }));
  const present = view.applications.map((entry) => "id" in entry);
  return validateApplicationAssignment(assignments, {
    field: "applications",
    osType: knownText(view.osType),
    location: knownText(view.location),
    facts,
  })
    .filter((problem) => !isAboutMissingEntry(problem, present))
    .map(toArgumentField);
}

function knownText(value: unknown): string | undefined {
  const plain = known(value as pulumi.Input<string> | undefined);
  return typeof plain === "string" ? plain : undefined;
}

function isAboutMissingEntry(problem: Problem, present: boolean[]): boolean {
  const index = /^applications\[(\d+)\]\.packageReferenceId$/.exec(problem.field)?.[1];
  return index !== undefined && present[Number(index)] === false;
}

const RENAMES: ReadonlyArray<[string, string]> = [
  [".packageReferenceId", ".version"],
  [".configurationReference", ".config"],
];

function toArgumentField(problem: Problem): Problem {
  const rename = RENAMES.find(([from]) => problem.field.endsWith(from));
  return rename
    ? { ...problem, field: problem.field.slice(0, -rename[0].length) + rename[1] }
    : problem;
}

function profileEntry(entry: ResolvedEntry, passed: pulumi.Output<true>): ApplicationProfileEntry {
  const given = entry.given;
  const after = <T>(value: pulumi.Input<T>) => whenPassed(passed, value);
  return {
    packageReferenceId: after(entry.id as pulumi.Input<string>),
    ...(given.config !== undefined && {
      configurationReference: pulumi.secret(after(given.config)),
    }),
    ...(given.order !== undefined && { order: after(given.order) }),
    treatFailureAsDeploymentFailure: after(given.treatFailureAsDeploymentFailure ?? true),
    ...(given.enableAutomaticUpgrade !== undefined && {
      enableAutomaticUpgrade: after(given.enableAutomaticUpgrade),
    }),
    ...(given.tags !== undefined && { tags: after(given.tags) }),
  };
}

/** What an offline plan gets from a profile with errors: nothing it could deploy. */
function unknownEntry(): ApplicationProfileEntry {
  return { packageReferenceId: unknownOutput(), treatFailureAsDeploymentFailure: unknownOutput() };
}
