import { VmAppsError } from "../core/shared/problems";
import { StagingError } from "../staging/errors";
import type { Command } from "./commands/command";
import { EXIT_CODES } from "./commands/command";
import { recommendCommand } from "./commands/recommend";
import { CliError, CliProblemsError, USAGE_EXIT } from "./errors";
import { type Io, style } from "./render/output";
import { problemPlace } from "./render/problems";

function loadCommands(): Command[] {
  // plan and stage pull in the Pulumi SDK and the storage client: load them only when used.
  const { planCommand } = require("./commands/plan") as typeof import("./commands/plan");
  const { stageCommand } = require("./commands/stage") as typeof import("./commands/stage");
  // status and republish load @azure/arm-compute when they run, not here.
  const { statusCommand } = require("./commands/status") as typeof import("./commands/status");
  const { republishCommand } =
    require("./commands/republish") as typeof import("./commands/republish");
  return [planCommand, stageCommand, recommendCommand, statusCommand, republishCommand];
}

const summaries: Array<[string, string]> = [
  ["plan [dir]", "preview a Pulumi program offline: resources, replicas, cost, problems"],
  ["stage <path>", "upload a package file or folder to blob storage and print its URL"],
  ["recommend", "recommend replicas for one region from its VMs and scale sets"],
  ["status <id>", "show a published version's replication, region by region"],
  ["republish <id>", "retry a published version's failed regions with its original settings"],
];

export const mainHelp = `vmapps: publish applications to Azure Compute Gallery (VM Applications)

Usage: vmapps <command> [options]

Commands:
${summaries.map(([usage, summary]) => `  ${usage.padEnd(16)} ${summary}`).join("\n")}

Options:
  -h, --help      show this help (vmapps help <command>: that command's)
  -v, --version   print the version

Run vmapps <command> --help for a command's options and examples.
${EXIT_CODES}`;

function version(): string {
  try {
    return (require("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const SIGN_IN_FIX =
  "sign in with `az login`, or set AZURE_CLIENT_ID / AZURE_TENANT_ID (with AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE) for a service principal or OIDC, or use --connection-string";

/**
 * Failures the platform reports in its own words (TLS, network, sign-in, authorisation), as a
 * message the user can read and the fix; undefined for anything not recognised.
 */
export function knownFailure(error: unknown): { message?: string; fix: string } | undefined {
  const code = String((error as { code?: unknown }).code ?? "");
  const status = (error as { statusCode?: unknown }).statusCode;
  const name = String((error as { name?: unknown }).name ?? "");
  const message = error instanceof Error ? error.message : String(error);
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|CERT_/.test(code) || /self-signed certificate/.test(message)) {
    return {
      fix: "trust the endpoint's certificate: --ca-cert <pem file> (for Azurite, the one it serves) or NODE_EXTRA_CA_CERTS",
    };
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || /ECONNREFUSED|ENOTFOUND/.test(message)) {
    return {
      fix: "check the endpoint in the connection string or --account-url (is Azurite running?)",
    };
  }
  if (
    /CredentialUnavailableError|AggregateAuthenticationError|AuthenticationError/.test(name) ||
    /ChainedTokenCredential|DefaultAzureCredential/.test(message)
  ) {
    return {
      message: "could not sign in to Azure: no credential available (DefaultAzureCredential)",
      fix: SIGN_IN_FIX,
    };
  }
  if (
    status === 403 ||
    status === 401 ||
    /AuthorizationFailure|AuthenticationFailed/.test(message)
  ) {
    return {
      fix: "check the account key, or give your identity the Storage Blob Data Contributor role",
    };
  }
  if (/^Invalid URL$|Invalid Connection String/i.test(message)) {
    // The message may hold the connection string, and so the key: never echo it.
    return {
      message: "the storage connection string is malformed",
      fix: "copy it again from the portal (Access keys) or `az storage account show-connection-string`; it looks like DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net",
    };
  }
  return undefined;
}

/** Never an empty message: an error without one is named by its class, code and status. */
function messageOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  if (message.trim() !== "") return message;
  const { name, code, statusCode } = error as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
  };
  return (
    [name, code, statusCode !== undefined && `HTTP ${String(statusCode)}`]
      .filter((part) => typeof part === "string" && part !== "")
      .join(", ") || "unexpected failure without a message"
  );
}

/**
 * Every error is printed from its data, never from its message text: a CliError's message and
 * fix, a StagingError's reason and fix, any other VmAppsError's problems. A platform failure
 * gets a known fix; anything else is reported as a bug.
 */
export function reportError(error: unknown, io: Io): number {
  const label = style(io, "red", "error:");
  if (error instanceof CliProblemsError) {
    for (const problem of error.problems) {
      io.err(`${label} ${error.where}: ${problem.field}: ${problem.message}`);
      io.err(`  fix: ${problem.fix}`);
    }
    return error.exitCode;
  }
  if (error instanceof CliError) {
    io.err(`${label} ${messageOf(error)}`);
    io.err(`  fix: ${error.fix}`);
    return error.exitCode;
  }
  if (error instanceof StagingError) {
    io.err(`${label} ${error.reason}`);
    io.err(`  fix: ${error.fix}`);
    return 1;
  }
  if (error instanceof VmAppsError && error.problems.length > 0) {
    for (const problem of error.problems) {
      io.err(`${label} ${problemPlace(problem)}: ${problem.message}`);
      io.err(`  fix: ${problem.fix}`);
    }
    return USAGE_EXIT;
  }
  const known = knownFailure(error);
  io.err(`${label} ${known?.message ?? messageOf(error)}`);
  if (known) {
    io.err(`  fix: ${known.fix}`);
    return 1;
  }
  io.err(
    "  fix: this is a bug in vmapps: run again with VMAPPS_DEBUG=1 for the stack trace and report it",
  );
  if (io.env.VMAPPS_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
  return 1;
}

/** Runs one `vmapps` command line and returns its exit code; never calls process.exit. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? rest[0] : undefined;
      const command = topic ? loadCommands().find((c) => c.name === topic) : undefined;
      io.out(command ? command.help : mainHelp);
      return name === undefined ? USAGE_EXIT : 0;
    }
    if (name === "--version" || name === "-v") {
      io.out(version());
      return 0;
    }
    const command =
      name === "recommend" ? recommendCommand : loadCommands().find((c) => c.name === name);
    if (!command) {
      throw new CliError(
        `unknown command ${name}`,
        `use one of: ${summaries.map(([usage]) => usage.split(" ")[0]).join(", ")} (vmapps --help)`,
        USAGE_EXIT,
      );
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}
export { processIo } from "./render/output";
