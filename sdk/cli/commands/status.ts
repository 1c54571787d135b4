import { readGalleryVersion } from "../../arm/galleryVersions";
import { watchReplication } from "../../arm/watch";
import type { ReplicationStatus } from "../../core/shared/status/replicationStatus";
import { type Options, parseCommand } from "../args";
import { usageError } from "../errors";
import type { Io } from "../render/output";
import { replicationJson, replicationLines } from "../render/replication";
import {
  ARM_HELP,
  ARM_OPTIONS,
  armClientFrom,
  asCliError,
  exitCodeOf,
  REPLICATION_EXIT_HELP,
  SIGN_IN_HELP,
  statusWatcher,
  versionIdArgument,
  WATCH_HELP,
  WATCH_OPTIONS,
  watchFlags,
} from "./armFlags";
import { readCaCert } from "./caCert";
import type { Command } from "./command";

const options: Options = { ...ARM_OPTIONS, ...WATCH_OPTIONS, watch: { type: "boolean" } };

const help = `Usage: vmapps status <version-id> [--watch [--interval SECONDS] [--timeout MINUTES]]
                     [--json] [--arm-endpoint URL] [--ca-cert FILE]

Shows where a published application version or image version stands, region by region: the
overall state on the first line (Available, PartiallyAvailable, Failed, Replicating or
Unknown), then each region's state, progress and Azure's details. Reads the version with
$expand=ReplicationStatus; changes nothing. The exit code tells the state, so CI can branch.

Options:
  --watch             read again until no region is replicating, showing the progress
${WATCH_HELP}
${ARM_HELP}
  -h, --help          show this help

${SIGN_IN_HELP}

Examples:
  vmapps status "$(pulumi stack output versionId)"
  vmapps status /subscriptions/…/galleries/gallery/applications/agent/versions/1.0.0 --watch --timeout 60
  vmapps status "$VERSION_ID" --json

${REPLICATION_EXIT_HELP}`;

export const statusCommand: Command = {
  name: "status",
  summary: "show a published version's replication, region by region",
  help,
  options,
  async run(args: string[], io: Io) {
    const { values, positionals } = parseCommand("status", args, options, 1);
    if (values.help) {
      io.out(help);
      return 0;
    }
    const version = versionIdArgument("status", positionals);
    const watch = values.watch === true ? watchFlags(values) : undefined;
    if (!watch && (values.interval !== undefined || values.timeout !== undefined)) {
      throw usageError(
        "--interval and --timeout only apply with --watch",
        "add --watch, or leave them out",
      );
    }
    const client = armClientFrom(values, io, version.subscriptionId, readCaCert(values["ca-cert"]));
    const json = values.json === true;
    let status: ReplicationStatus;
    const watcher = statusWatcher(io, json);
    try {
      status = watch
        ? await watchReplication(client, version, { ...watch, onStatus: watcher.onStatus })
        : (await readGalleryVersion(client, version)).status;
    } catch (error) {
      throw asCliError(error);
    } finally {
      watcher.finish();
    }
    const exitCode = exitCodeOf(status);
    if (json) io.out(JSON.stringify(replicationJson(version.id, status, exitCode), null, 2));
    else for (const line of replicationLines(io, version.id, status)) io.out(line);
    return exitCode;
  },
};
