import { type LinkRenewal, type RepublishOutcome, republishVersion } from "../../arm/republish";
import { watchReplication } from "../../arm/watch";
import type { ReplicationStatus } from "../../core/shared/status/replicationStatus";
import type { RepublishPlan, RepublishStep } from "../../core/shared/status/republish";
import { type Options, parseCommand } from "../args";
import { CliProblemsError } from "../errors";
import { type Io, style } from "../render/output";
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
import { CONNECTION_STRING_ENV } from "./stage";

const options: Options = {
  ...ARM_OPTIONS,
  ...WATCH_OPTIONS,
  readd: { type: "boolean" },
  "connection-string": { type: "string" },
};

const help = `Usage: vmapps republish <version-id> [--readd] [--connection-string CS]
                        [--interval SECONDS] [--timeout MINUTES]
                        [--json] [--arm-endpoint URL] [--ca-cert FILE]

Retries the regions where a published application or image version failed to replicate, with
the settings Azure holds for the version: nothing comes from the command line or a program,
and no flag changes a setting. Regions that completed are never touched. By default the
identical target-region list is sent again; with --readd the failed regions are removed, then
added back with their original replica count and storage type (the version must allow
deletion of replicated locations). Refused while a region is still replicating.

Before sending anything: if the package (or configuration) SAS of an application version has
expired or expires within a day, the blob is checked against the size and MD5 the version
recorded when it was published, and a new read-only SAS is signed for it; a blob that changed
stops the command, naming the blob and how to stage the same bytes again. It then waits until
no region is replicating and prints the new status. It asks nothing.

Options:
  --readd                 remove the failed regions, then add them back (Azure's other remedy)
  --connection-string CS  the package's storage account, to check the blob and sign its SAS
                          with the account key; default: the ${CONNECTION_STRING_ENV}
                          environment variable, else DefaultAzureCredential signs a user
                          delegation SAS (needs "Storage Blob Data Contributor")
${WATCH_HELP}
${ARM_HELP}
  -h, --help              show this help

${SIGN_IN_HELP}

Examples:
  vmapps republish "$(pulumi stack output versionId)"
  vmapps republish "$VERSION_ID" --readd --timeout 120

${REPLICATION_EXIT_HELP}`;

function stepLine(step: RepublishStep, index: number, plan: RepublishPlan): string {
  const failed = plan.failed;
  const what =
    step.action === "retry"
      ? `sending the identical target-region list again (${step.targetRegions.length} regions)`
      : step.action === "remove"
        ? `removing ${failed.join(", ")} from the target regions`
        : `adding ${failed.join(", ")} back with their original replica count and storage type`;
  return `Step ${index + 1}/${plan.steps.length}: ${what}`;
}

function renewalLine(renewal: LinkRenewal): string {
  return `Renewed the expired ${renewal.link} SAS of ${renewal.blobUrl} (blob unchanged: size and MD5 as recorded); new ${renewal.kind} SAS expires ${renewal.expiresOn}`;
}

export const republishCommand: Command = {
  name: "republish",
  summary: "retry a published version's failed regions with its original settings",
  help,
  options,
  async run(args: string[], io: Io) {
    const { values, positionals } = parseCommand("republish", args, options, 1);
    if (values.help) {
      io.out(help);
      return 0;
    }
    const version = versionIdArgument("republish", positionals);
    const watch = watchFlags(values);
    const caCert = readCaCert(values["ca-cert"]);
    const client = armClientFrom(values, io, version.subscriptionId, caCert);
    const json = values.json === true;
    const say = (line: string) => {
      if (!json) io.out(line);
    };
    const connectionString =
      (values["connection-string"] as string | undefined) ?? io.env[CONNECTION_STRING_ENV];
    const watcher = statusWatcher(io, json);
    let outcome: RepublishOutcome;
    let status: ReplicationStatus;
    try {
      outcome = await republishVersion(client, version, {
        strategy: values.readd === true ? "readd" : "identical",
        storage: { connectionString, caCert },
        onRenewed: (renewal) => say(renewalLine(renewal)),
        onStep: (step, index, plan) => say(stepLine(step, index, plan)),
      });
      if (outcome.plan.problems.length > 0) {
        throw new CliProblemsError(version.id, outcome.plan.problems);
      }
      status = outcome.before.status;
      if (outcome.plan.steps.length === 0) {
        say(style(io, "dim", `Nothing to republish: no region failed (${status.state}).`));
      } else {
        status = await watchReplication(client, version, { ...watch, onStatus: watcher.onStatus });
      }
    } catch (error) {
      throw asCliError(error);
    } finally {
      watcher.finish();
    }
    const exitCode = exitCodeOf(status);
    if (json) {
      io.out(
        JSON.stringify(
          {
            ...replicationJson(version.id, status, exitCode),
            republished: {
              strategy: outcome.plan.strategy,
              failed: outcome.plan.failed,
              steps: outcome.plan.steps.map((step) => ({
                action: step.action,
                targetRegions: step.targetRegions.map((region) => region.name),
              })),
              renewed: outcome.renewed,
            },
          },
          null,
          2,
        ),
      );
    } else {
      for (const line of replicationLines(io, version.id, status)) io.out(line);
    }
    return exitCode;
  },
};
