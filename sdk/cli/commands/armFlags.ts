/**
 * What `vmapps status` and `vmapps republish` share: the version id argument, the Resource
 * Manager flags and client, the watch flags, and their exit codes (one per replication state).
 */
import type { ComputeManagementClient } from "@azure/arm-compute";
import { ACCESS_TOKEN_ENV, computeClient, DEFAULT_ARM_ENDPOINT } from "../../arm/client";
import { ArmError } from "../../arm/errors";
import {
  type GalleryVersionIdParts,
  parseGalleryVersionId,
  VERSION_ID_EXAMPLE,
} from "../../components/shared/resourceIds";
import {
  REPLICATION_EXIT_CODES,
  type ReplicationStatus,
} from "../../core/shared/status/replicationStatus";
import { StagingError } from "../../staging/errors";
import { countFlag, type Options } from "../args";
import { CliError, usageError } from "../errors";
import type { Io } from "../render/output";
import { watchLine } from "../render/replication";

export const ARM_OPTIONS: Options = {
  "arm-endpoint": { type: "string" },
  "ca-cert": { type: "string" },
  json: { type: "boolean" },
};

export const WATCH_OPTIONS: Options = {
  interval: { type: "string" },
  timeout: { type: "string" },
};

export const DEFAULT_INTERVAL_SECONDS = 15;

export const ARM_HELP = `  --arm-endpoint URL  Resource Manager endpoint (default ${DEFAULT_ARM_ENDPOINT}); for a
                      sovereign cloud its own, e.g. https://management.usgovcloudapi.net
  --ca-cert FILE      extra CA certificate(s) (PEM) to trust, for Resource Manager and storage
  --json              print the result as one JSON document`;

export const WATCH_HELP = `  --interval SECONDS  time between two reads while waiting (default ${DEFAULT_INTERVAL_SECONDS}, at least 1)
  --timeout MINUTES   stop waiting after this long and exit 5 if a region still replicates
                      (default: wait until none does)`;

export const SIGN_IN_HELP = `Signs in with the bearer token in ${ACCESS_TOKEN_ENV} when it is set (for example
\`export ${ACCESS_TOKEN_ENV}=$(az account get-access-token --query accessToken -o tsv)\`), else
with DefaultAzureCredential (az login, managed identity, OIDC in CI, environment variables).`;

const STATE_WORDS: Record<keyof typeof REPLICATION_EXIT_CODES, string> = {
  Available: "available (every region completed)",
  PartiallyAvailable: "partially available (some regions failed)",
  Failed: "failed (no region completed)",
  Replicating: "still replicating",
  Unknown: "unknown (Azure reported no usable status)",
};

export const REPLICATION_EXIT_HELP = `Exit codes: one per replication state, so CI can branch on them
${Object.entries(REPLICATION_EXIT_CODES)
  .map(([state, code]) => `  ${code}  ${STATE_WORDS[state as keyof typeof STATE_WORDS]}`)
  .join("\n")}
  1  the request failed (sign-in, not found, refused), or republish was refused
  2  invalid arguments`;

/**
 * ARM and staging refusals (ArmError, StagingError) as a CliError: one line and the fix, exit 1
 * (a failed request, not invalid arguments).
 */
export function asCliError(error: unknown): unknown {
  if (error instanceof ArmError || error instanceof StagingError) {
    return new CliError(error.reason, error.fix, 1, error.problems);
  }
  return error;
}

export function exitCodeOf(status: ReplicationStatus): number {
  return REPLICATION_EXIT_CODES[status.state];
}

/** The version id argument, parsed, or a usage error showing the form. */
export function versionIdArgument(
  command: string,
  positionals: string[],
): GalleryVersionIdParts & { id: string } {
  const id = positionals[0];
  if (id === undefined) {
    throw usageError(
      "no version id given",
      `pass the version's resource id: vmapps ${command} ${VERSION_ID_EXAMPLE}`,
    );
  }
  const parts = parseGalleryVersionId(id);
  if (!parts) {
    throw usageError(
      `"${id}" is not an application-version or image-version resource id`,
      `use ${VERSION_ID_EXAMPLE}; \`pulumi stack output\` prints a version's id`,
    );
  }
  return { ...parts, id: id.trim().replace(/\/+$/, "") };
}

export function armClientFrom(
  values: Record<string, unknown>,
  io: Io,
  subscriptionId: string,
  caCert: string | undefined,
): ComputeManagementClient {
  try {
    return computeClient({
      subscriptionId,
      endpoint: values["arm-endpoint"] as string | undefined,
      env: io.env,
      caCert,
    });
  } catch (error) {
    // A malformed --arm-endpoint is an invalid argument, not a failed request.
    if (error instanceof ArmError && error.code === "ArmEndpoint") {
      throw usageError(`--arm-endpoint: ${error.reason}`, error.fix);
    }
    throw asCliError(error);
  }
}

export interface WatchFlags {
  intervalMs: number;
  timeoutMs?: number;
}

export function watchFlags(values: Record<string, unknown>): WatchFlags {
  const interval = countFlag("interval", values.interval, "30") ?? DEFAULT_INTERVAL_SECONDS;
  if (interval < 1) {
    throw usageError(
      "--interval 0 would read without pause",
      "give 1 second or more, e.g. --interval 30",
    );
  }
  const timeout = countFlag("timeout", values.timeout, "60");
  return {
    intervalMs: interval * 1000,
    ...(timeout !== undefined && { timeoutMs: timeout * 60_000 }),
  };
}

/**
 * Reports each status read while waiting: one rewritten line on a terminal, a new line only when
 * the summary changes in a log, nothing with --json (stdout holds only the document).
 */
export function statusWatcher(
  io: Io,
  json: boolean,
): { onStatus(status: ReplicationStatus): void; finish(): void } {
  let last = "";
  let drawn = false;
  return {
    onStatus(status) {
      // The final table shows a settled status; only progress is reported on the way.
      if (json || status.state !== "Replicating") return;
      const line = watchLine(status);
      if (io.rewrite) {
        io.rewrite(line);
        drawn = true;
      } else if (line !== last) {
        io.out(line);
      }
      last = line;
    },
    finish() {
      if (drawn) io.out("");
    },
  };
}
