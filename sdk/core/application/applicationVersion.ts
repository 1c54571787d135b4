import { blobLinkProblems } from "../shared/blobLink";
import {
  enumProblems,
  REPLICATION_MODES,
  SCRIPT_BEHAVIORS_AFTER_REBOOT,
  storageAccountTypeProblems,
} from "../shared/enums";
import {
  type CustomActionShape,
  customActionsProblems,
  endOfLifeProblems,
  fileNameProblems,
  integerProblems,
  isKnown,
  isMissing,
  missing,
} from "../shared/fields";
import {
  MANAGE_ACTION_MAX_CHARS,
  MAX_CONFIG_BYTES,
  MAX_PACKAGE_BYTES,
  PAGE_BLOB_ALIGNMENT,
  REPLICA_COUNT_MAX,
  REPLICA_COUNT_MIN,
} from "../shared/limits";
import { error, type Problem, warning } from "../shared/problems";
import { type BlobType, blobTypeProblems } from "../shared/replicas";
import { type TargetRegionShape, targetRegionProblems } from "../shared/targetRegions";
import { versionNameProblems } from "../shared/versions";

/**
 * A gallery application version in the ARM / azure-native shape. Every field may be
 * `undefined` while it is not known yet; see `isMissing` for how absent and unknown differ.
 */
export interface ApplicationVersionShape {
  name?: string;
  location?: string;
  publishingProfile?: PublishingProfileShape;
  safetyProfile?: { allowDeletionOfReplicatedLocations?: boolean };
}

export interface PublishingProfileShape {
  source?: { mediaLink?: string; defaultConfigurationLink?: string };
  manageActions?: { install?: string; remove?: string; update?: string };
  settings?: {
    packageFileName?: string;
    configFileName?: string;
    scriptBehaviorAfterReboot?: string;
  };
  targetRegions?: Array<TargetRegionShape | undefined>;
  replicaCount?: number;
  storageAccountType?: string;
  replicationMode?: string;
  excludeFromLatest?: boolean;
  endOfLifeDate?: string | Date;
  customActions?: Array<CustomActionShape | undefined>;
  advancedSettings?: Record<string, string | undefined>;
  enableHealthCheck?: boolean;
}

/** Facts known outside the version object, e.g. from staging the package. */
export interface ApplicationVersionContext {
  /** Size of the package blob; checked against 2 GiB, emptiness and page alignment. */
  packageBytes?: number;
  /** Size of the default configuration blob; checked against 1 GiB and emptiness. */
  configBytes?: number;
  /** Blob type of the package: a block blob allows at most 3 replicas per region. */
  blobType?: BlobType;
  /** Clock for end-of-life and SAS expiry checks. @default new Date() */
  now?: Date;
}

const PP = "publishingProfile";

/**
 * Every problem Azure would report for this version that can be known before calling it
 * (VM Applications overview limits and error table), plus a few that Azure would only show at install time.
 */
export function validateApplicationVersion(
  version: ApplicationVersionShape,
  context: ApplicationVersionContext = {},
): Problem[] {
  const now = context.now ?? new Date();
  const problems: Problem[] = [...blobTypeProblems(context.blobType, "context.blobType")];

  if (isMissing(version, "name")) {
    problems.push(
      missing("name", "The version name", "Name the version Major.Minor.Patch, e.g. 1.0.0."),
    );
  } else if (isKnown(version.name)) {
    problems.push(...versionNameProblems(version.name, "name"));
    if (/(^|\.)0\d/.test(version.name) && problems.every((p) => p.field !== "name")) {
      problems.push(
        warning(
          "name",
          `"${version.name}" has leading zeros; Azure reads each part as a number, so it orders equal to ${version.name.split(".").map(Number).join(".")}.`,
          "Drop the leading zeros.",
        ),
      );
    }
  }
  if (isMissing(version, "location") || version.location?.trim() === "") {
    problems.push(
      missing("location", "The version location", "Set the Azure region, e.g. westeurope."),
    );
  }

  if (isMissing(version, "publishingProfile")) {
    problems.push(
      missing(PP, "publishingProfile", "Give the source, manage actions and target regions."),
    );
    return problems;
  }
  const profile = version.publishingProfile;
  if (!isKnown(profile)) return problems;

  problems.push(...sourceProblems(profile, context, now));
  problems.push(...manageActionProblems(profile));
  problems.push(...settingsProblems(profile));
  problems.push(
    ...targetRegionProblems(
      profile.targetRegions,
      `${PP}.targetRegions`,
      version.location,
      context.blobType,
    ),
  );
  problems.push(
    ...integerProblems(
      profile.replicaCount,
      REPLICA_COUNT_MIN,
      REPLICA_COUNT_MAX,
      `${PP}.replicaCount`,
      "replicaCount",
    ),
    ...storageAccountTypeProblems(profile.storageAccountType, `${PP}.storageAccountType`),
    ...enumProblems(
      profile.replicationMode,
      REPLICATION_MODES,
      `${PP}.replicationMode`,
      "replication mode",
    ),
    ...endOfLifeProblems(profile.endOfLifeDate, `${PP}.endOfLifeDate`, now),
    ...customActionsProblems(profile.customActions, `${PP}.customActions`),
  );
  for (const [key, value] of Object.entries(profile.advancedSettings ?? {})) {
    if (isKnown(value) && typeof value !== "string") {
      problems.push(
        error(
          `${PP}.advancedSettings.${key}`,
          "Advanced settings values must be strings.",
          `Write it as "${String(value)}".`,
        ),
      );
    }
  }
  return problems;
}

function sourceProblems(
  profile: PublishingProfileShape,
  context: ApplicationVersionContext,
  now: Date,
): Problem[] {
  if (isMissing(profile, "source")) {
    return [
      missing(
        `${PP}.source`,
        "The package source",
        "Set source.mediaLink to the package blob's SAS URL.",
      ),
    ];
  }
  const source = profile.source;
  if (!isKnown(source)) return [];
  const mediaField = `${PP}.source.mediaLink`;
  const configField = `${PP}.source.defaultConfigurationLink`;
  const problems: Problem[] = [];
  if (isMissing(source, "mediaLink") || source.mediaLink === "") {
    problems.push(
      missing(mediaField, "The package link", "Set mediaLink to the package blob's SAS URL."),
    );
  } else {
    problems.push(...blobLinkProblems(source.mediaLink, mediaField, now));
  }
  if (isKnown(source.defaultConfigurationLink) && source.defaultConfigurationLink !== "") {
    problems.push(...blobLinkProblems(source.defaultConfigurationLink, configField, now));
  }
  problems.push(
    ...sizeProblems(context.packageBytes, MAX_PACKAGE_BYTES, "2 GiB", mediaField, "package"),
  );
  problems.push(
    ...sizeProblems(
      context.configBytes,
      MAX_CONFIG_BYTES,
      "1 GiB",
      configField,
      "configuration file",
    ),
  );
  const bytes = context.packageBytes;
  if (
    context.blobType === "page" &&
    isKnown(bytes) &&
    bytes > 0 &&
    bytes % PAGE_BLOB_ALIGNMENT !== 0
  ) {
    problems.push(
      error(
        mediaField,
        `A page blob's size must be a multiple of ${PAGE_BLOB_ALIGNMENT} bytes; the package is ${bytes}.`,
        `Pad the package to ${Math.ceil(bytes / PAGE_BLOB_ALIGNMENT) * PAGE_BLOB_ALIGNMENT} bytes (staging does this), or use a block blob.`,
      ),
    );
  }
  return problems;
}

function sizeProblems(
  bytes: number | undefined,
  max: number,
  maxText: string,
  field: string,
  what: string,
): Problem[] {
  if (!isKnown(bytes)) return [];
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    return [
      error(
        field,
        `The ${what} size ${bytes} is not a byte count.`,
        "Pass the blob size in bytes.",
      ),
    ];
  }
  if (bytes === 0) {
    return [
      error(
        field,
        `The ${what} blob is empty; Azure rejects empty blobs.`,
        `Upload a non-empty ${what}.`,
      ),
    ];
  }
  if (bytes > max) {
    return [
      error(
        field,
        `The ${what} is ${bytes} bytes; the limit is ${maxText} (${max} bytes).`,
        `Shrink the ${what} below ${maxText}, e.g. split it or download the rest at install time.`,
      ),
    ];
  }
  return [];
}

function manageActionProblems(profile: PublishingProfileShape): Problem[] {
  const field = `${PP}.manageActions`;
  if (isMissing(profile, "manageActions")) {
    return [missing(field, "manageActions", "Give install and remove commands (see recipes).")];
  }
  const actions = profile.manageActions;
  if (!isKnown(actions)) return [];
  const problems: Problem[] = [];
  for (const name of ["install", "remove", "update"] as const) {
    const command = actions[name];
    const required = name !== "update";
    if (required && (isMissing(actions, name) || command?.trim() === "")) {
      problems.push(
        missing(
          `${field}.${name}`,
          `The ${name} command`,
          `Give the command that ${name}s the application (see recipes).`,
        ),
      );
    } else if (typeof command === "string" && command.length > MANAGE_ACTION_MAX_CHARS) {
      problems.push(
        error(
          `${field}.${name}`,
          `The ${name} command is ${command.length} characters; the limit is ${MANAGE_ACTION_MAX_CHARS}.`,
          "Move the steps into a script inside the package and call it.",
        ),
      );
    }
  }
  return problems;
}

function settingsProblems(profile: PublishingProfileShape): Problem[] {
  const settings = profile.settings;
  if (!isKnown(settings)) return [];
  const field = `${PP}.settings`;
  const problems = [
    ...fileNameProblems(settings.packageFileName, `${field}.packageFileName`, "packageFileName"),
    ...fileNameProblems(settings.configFileName, `${field}.configFileName`, "configFileName"),
    ...enumProblems(
      settings.scriptBehaviorAfterReboot,
      SCRIPT_BEHAVIORS_AFTER_REBOOT,
      `${field}.scriptBehaviorAfterReboot`,
      "script behavior after reboot",
    ),
  ];
  const source = profile.source;
  const noConfigLink =
    isKnown(source) &&
    (isMissing(source, "defaultConfigurationLink") || source.defaultConfigurationLink === "");
  if (
    typeof settings.configFileName === "string" &&
    settings.configFileName !== "" &&
    noConfigLink
  ) {
    problems.push(
      warning(
        `${field}.configFileName`,
        "configFileName is set but there is no defaultConfigurationLink, so no configuration file is downloaded.",
        "Set source.defaultConfigurationLink, or remove configFileName.",
      ),
    );
  }
  return problems;
}
