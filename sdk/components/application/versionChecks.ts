/**
 * Every check of a VmApplicationVersion's arguments, run before anything is registered on the
 * values known then, and again once Outputs resolve. Local sources are checked with staging's
 * rules (sdk/staging/source), target regions with the shared kernel's (shared/targetRegions.ts).
 */
import { basename } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import {
  type ApplicationVersionShape,
  type Problem,
  type ReplicationPlan,
  validateApplicationVersion,
} from "../../core";
import { recipeMismatchProblems } from "../../core/application/recipes/origin";
import { unknownKeyProblems } from "../../core/shared/keys";
import { error, warning } from "../../core/shared/problems";
import { regionField } from "../../core/shared/replication";
import { sasSettingsProblems } from "../../staging/sas/rules";
import { pageBlobSupport } from "../../staging/source/align";
import { checkLocalSource } from "../../staging/source/check";
import { archiveFormatProblems } from "../../staging/source/formats";
import { type ApplicationIdentity, declaredBy } from "../shared/chain";
import { toVersionArgumentField } from "../shared/fields";
import { known, knownDeep } from "../shared/known";
import { nextPatchVersion } from "../shared/names";
import { firstPlainProblems } from "../shared/plain";
import { applicationIdProblems } from "../shared/resourceIds";
import {
  LOCATION_STAND_IN,
  planFor,
  type RegionArgs,
  regionNameProblems,
} from "../shared/targetRegions";
import type { BlobType } from "../shared/types";
import { applicationFacts } from "./facts";
import { type PackageSourceArgs, VERSION_ARGS, type VmApplicationVersionArgs } from "./versionArgs";

export interface CheckedVersion {
  problems: Problem[];
  /** Plan with the location when known now, else with a stand-in: blob type does not depend on it. */
  plan: ReplicationPlan;
  /** False when regions or the blob type are not known yet: `plan` then stands in for them. */
  planKnown: boolean;
}

/**
 * Every check of the arguments: before anything is registered on the values known then, and
 * again on the resolved arguments (with `identity` undefined: the number is claimed by then).
 */
export function validateVersion(
  args: VmApplicationVersionArgs,
  identity: ApplicationIdentity | undefined,
): CheckedVersion {
  // An Output where a plain value is read now would only garble the checks below.
  const early = firstPlainProblems(args, VERSION_ARGS);
  if (early) return { problems: early, plan: planFor({}, LOCATION_STAND_IN), planKnown: false };
  const problems = unknownKeyProblems(args, VERSION_ARGS);
  problems.push(
    ...recipeMismatchProblems(
      args.commands,
      applicationFacts(args.application, args.applicationId),
      known(args.packageFileName),
    ),
  );
  const otherDeclaration = declaredBy(identity, args.version);
  if (otherDeclaration !== undefined) {
    problems.push(
      error(
        "version",
        `Version ${args.version} of this application is already declared by VmApplicationVersion "${otherDeclaration}"; two resources would manage one Azure version and overwrite each other.`,
        `Give this one its own version number (e.g. ${nextPatchVersion(args.version) || "the next patch number"}), or remove one of the two.`,
      ),
    );
  }
  if ((args.application === undefined) === (args.applicationId === undefined)) {
    problems.push(
      error(
        "application",
        args.application
          ? "Both application and applicationId are set."
          : "No application is given.",
        "Give exactly one of application (a VmApplication) and applicationId (its resource id).",
      ),
    );
  }
  const applicationId = known(args.applicationId);
  if (applicationId !== undefined) {
    problems.push(...applicationIdProblems(applicationId, "applicationId"));
  }
  const pkg = args.package ?? {};
  if ((pkg.path === undefined) === (pkg.mediaLink === undefined)) {
    problems.push(
      error(
        "package",
        pkg.path !== undefined
          ? "Both package.path and package.mediaLink are set."
          : "No package is given.",
        "Give exactly one of package.path (a file or folder to stage) and package.mediaLink (a SAS URL).",
      ),
    );
  }
  if (args.config?.path !== undefined && args.config.link !== undefined) {
    problems.push(
      error(
        "config",
        "Both config.path and config.link are set.",
        "Give at most one of config.path and config.link.",
      ),
    );
  }
  const packageFile = localSource(pkg.path, "package.path", "package", problems);
  localSource(args.config?.path, "config.path", "config", problems);
  problems.push(...archiveFormatProblems(pkg.archiveFormat, "package.archiveFormat"));
  problems.push(...archiveFormatProblems(args.config?.archiveFormat, "config.archiveFormat"));
  const staging = pkg.path !== undefined || args.config?.path !== undefined;
  if (staging && args.storage === undefined) {
    problems.push(
      error(
        "storage",
        "A package or configuration path must be staged, and no storage is given.",
        "Set storage to a PackageStorage (or its accountName, containerName and blobEndpoint).",
      ),
    );
  }
  if (staging) problems.push(...stagingSecretProblems(args));
  else if (args.sas !== undefined) {
    problems.push(
      warning(
        "sas",
        "sas sets the SAS of packages staged from a path; nothing is staged here, so it has no effect.",
        "Remove sas, or stage the package from package.path.",
      ),
    );
  }
  const regions = knownDeep(args.regions);
  const blobTypeArg = known(args.blobType as pulumi.Input<BlobType> | undefined);
  const planKnown =
    regions !== undefined && (args.blobType === undefined || blobTypeArg !== undefined);
  if (args.regions === undefined || (regions !== undefined && typeof regions !== "object")) {
    problems.push(
      error(
        "regions",
        "No target regions are given.",
        "Set regions, e.g. { westeurope: { demand: { vms: 40 } } }; use {} for the location only.",
      ),
    );
  }

  // Regions still unknown are checked once resolved; until then only the location is planned.
  const knownLocation = known(args.location);
  const planned = planKnown
    ? { regions, blobType: blobTypeArg, storageAccountType: args.storageAccountType }
    : { regions: {} };
  const plan = planFor(
    planned,
    knownLocation ?? Object.keys(planned.regions ?? {})[0] ?? LOCATION_STAND_IN,
  );
  if (planKnown) problems.push(...plan.problems);
  problems.push(...regionNameProblems(planned.regions, knownLocation));
  if (planKnown && plan.blobType === "page" && packageFile !== undefined) {
    problems.push(...pageBlobProblems(packageFile, pkg, plan.blobTypeReason));
  }

  problems.push(...rolledBackProblems(args, regions));
  const passedThrough = profileFromArgs(args);
  const version = {
    name: args.version,
    location: knownLocation ?? plan.targetRegions[0]?.name,
    publishingProfile: {
      source: {
        // A package staged here has no link yet: present but unknown, so it is not "missing".
        mediaLink: known(pkg.mediaLink),
        // A staged configuration has no link yet either: present but unknown.
        ...(args.config?.path !== undefined
          ? { defaultConfigurationLink: undefined }
          : present({ defaultConfigurationLink: args.config?.link })),
      },
      // Commands given as one Output are present, but not known yet.
      manageActions:
        args.commands !== undefined && known(args.commands) === undefined
          ? undefined
          : present({ ...args.commands }),
      settings: present(passedThrough.settings),
      ...present(passedThrough.options),
    },
    safetyProfile: present({
      allowDeletionOfReplicatedLocations: args.allowDeletionOfReplicatedLocations,
    }),
  };
  // Local files were sized above under the argument the user wrote (package.path, config.path):
  // the core would report their sizes under the links. Target regions and replica counts are
  // checked by planReplication, also under the argument names; the core checks the rest.
  const context = { blobType: plan.blobType };
  problems.push(
    ...validateApplicationVersion(version as ApplicationVersionShape, context).map(
      toVersionArgumentField,
    ),
  );
  return { problems, plan, planKnown };
}

/**
 * The publishing profile fields the arguments give as they are, for the version resource and
 * for its validation alike.
 */
export function profileFromArgs(args: VmApplicationVersionArgs) {
  return {
    settings: {
      packageFileName: args.packageFileName,
      configFileName: args.configFileName,
      scriptBehaviorAfterReboot: args.scriptBehaviorAfterReboot,
    },
    options: {
      advancedSettings: args.advancedSettings,
      enableHealthCheck: args.enableHealthCheck,
      customActions: args.customActions,
      excludeFromLatest: args.rolledBack === true ? true : args.excludeFromLatest,
      endOfLifeDate: args.endOfLifeDate,
      storageAccountType: args.storageAccountType,
      replicationMode: args.replicationMode,
    },
  };
}

/**
 * The ARM shape the core validates: an argument left out is absent (so "missing" can be
 * reported), one given as an Output is present but undefined (unknown, skipped).
 */
function present<T extends Record<string, unknown>>(values: T): Partial<Record<keyof T, unknown>> {
  const shape: Partial<Record<keyof T, unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) shape[key as keyof T] = known(value as pulumi.Input<unknown>);
  }
  return shape;
}

/** A rolled-back version is excluded from "latest" everywhere: saying otherwise contradicts it. */
function rolledBackProblems(
  args: VmApplicationVersionArgs,
  regions: Record<string, RegionArgs> | undefined,
): Problem[] {
  if (args.rolledBack !== true) return [];
  const contradictions = [
    ...(known(args.excludeFromLatest) === false ? ["excludeFromLatest"] : []),
    ...Object.entries(regions ?? {})
      .filter(([, region]) => region?.excludeFromLatest === false)
      .map(([name]) => `${regionField(name)}.excludeFromLatest`),
  ];
  return contradictions.map((field) =>
    error(
      field,
      `${field} is false, and the version is rolledBack: a rolled-back version is excluded from "latest" everywhere, so automatic upgrades do not pick it again.`,
      `Remove ${field}, or remove rolledBack to roll forward.`,
    ),
  );
}

/** A local file to be staged as it is. */
interface LocalFile {
  path: string;
  size: number;
}

/**
 * Checks a local `path` before anything is registered, with staging's rules (the one home of
 * them): returns the file (undefined for a folder, archived at deployment, or a missing path).
 */
function localSource(
  path: string | undefined,
  field: string,
  kind: "package" | "config",
  problems: Problem[],
): LocalFile | undefined {
  if (path === undefined) return undefined;
  const { facts, problems: found } = checkLocalSource(path, field, kind);
  problems.push(...found);
  return facts.type === "file" ? { path, size: facts.size } : undefined;
}

/**
 * The connection string is stored in state with the staged blob, so it must be a secret; a plain
 * string is visible now (an Output's secrecy is known only later, and staging checks it then).
 * SAS settings that no SAS can have would only fail after the upload.
 */
function stagingSecretProblems(args: VmApplicationVersionArgs): Problem[] {
  const problems: Problem[] = [];
  const connectionString = args.storage?.connectionString;
  if (typeof connectionString === "string") {
    problems.push(
      error(
        "storage.connectionString",
        "The connection string is a plain string; it holds the account key and would be stored in clear text in state.",
        "Wrap it in pulumi.secret(...) or read it with config.requireSecret(...).",
      ),
    );
  }
  const sas = args.sas;
  const validForDays = sas?.validForDays as pulumi.Input<number> | undefined;
  const renewWithinDays = sas?.renewWithinDays as pulumi.Input<number> | undefined;
  const stillUnknown = [validForDays, renewWithinDays].some(
    (value) => value !== undefined && known(value) === undefined,
  );
  if (sas !== undefined && !stillUnknown) {
    problems.push(
      ...sasSettingsProblems(
        {
          validForDays: known(validForDays),
          renewWithinDays: known(renewWithinDays),
          userDelegation: connectionString === undefined,
        },
        { validForDays: "sas.validForDays", renewWithinDays: "sas.renewWithinDays" },
      ),
    );
  }
  return problems;
}

/**
 * A page blob is whole 512-byte pages. Staging pads zip and gzip without breaking them, but any
 * other file only with allowPadding; refuse before registering rather than at staging.
 */
function pageBlobProblems(
  file: LocalFile,
  pkg: PackageSourceArgs,
  blobTypeReason: string,
): Problem[] {
  if (pkg.allowPadding === true) return [];
  if (pageBlobSupport({ path: file.path, size: file.size }) !== "needs-allowPadding") return [];
  return [
    error(
      "package.path",
      `${basename(file.path)} (${file.size} bytes) must be staged as a page blob (${blobTypeReason}), which holds whole 512-byte pages; it is not zip, tar or tar.gz, so filling it up with zero bytes could break it.`,
      'Archive it as zip or tar.gz (e.g. point package.path at a folder holding it), or set package.allowPadding: true if its installer tolerates trailing zero bytes, or lower every region to at most 3 replicas, or set blobType: "block".',
    ),
  ];
}
