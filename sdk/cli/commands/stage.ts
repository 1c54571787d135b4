import { basename } from "node:path";
import { BLOB_TYPES, type BlobType } from "../../core/shared/replicas";
import { containerClientFor, type StagingTarget } from "../../staging/client";
import { StagingError } from "../../staging/errors";
import { DEFAULT_SAS_VALID_DAYS, USER_DELEGATION_MAX_DAYS } from "../../staging/sas/rules";
import { signReadSas } from "../../staging/sas/sign";
import { inspectSource, type SourceFacts } from "../../staging/source/facts";
import {
  ARCHIVE_FORMATS,
  type ArchiveFormat,
  folderFormatProblems,
} from "../../staging/source/formats";
import { prepareSource } from "../../staging/source/prepare";
import { STAGED_KINDS, type StagedKind, sourceProblems } from "../../staging/source/rules";
import { type StageResult, stagePackage } from "../../staging/upload/stage";
import { choiceFlag, type Options, parseCommand } from "../args";
import { CliError, USAGE_EXIT, usageError } from "../errors";
import { type Io, style } from "../render/output";
import { progressReporter } from "../render/progress";
import { formatBytes, formatDuration } from "../render/values";
import { readCaCert } from "./caCert";
import { type Command, EXIT_CODES } from "./command";
import {
  checkAccountUrl,
  checkBlobName,
  checkContainerName,
  checkSasDays,
  cliErrorOf,
  STAGE_SERVICE_SAS_MAX_DAYS,
  sasDaysFlag,
} from "./stageChecks";
import { storageFailure } from "./stageErrors";
import {
  interruptedLine,
  listenForInterrupt,
  StageInterruptedError,
  type StageProgressState,
} from "./stageInterrupt";
import { createWorkDir, removeWorkDir, sweepStaleWorkDirs } from "./stageWorkDir";

export const CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";

const help = `Usage: vmapps stage <path> (--connection-string CS | --account-url URL) --container C
                    [--blob NAME] [--blob-type block|page] [--allow-padding]
                    [--format zip|tar.gz|tar]
                    [--kind package|config] [--sas-days N] [--show-sas] [--ca-cert FILE]
                    [--create-container] [--json]

Uploads a package file, or a folder as a deterministic archive, to blob storage in verified
blocks, then signs a read-only, HTTPS-only SAS for the gallery. Prints the blob URL, size,
hashes and the SAS expiry; the SAS URL itself only with --show-sas, since anyone holding it can
read the package. Resumable: after a failure or Ctrl-C, the same command sends only the blocks
still missing (a page blob starts over); an unchanged package is not sent again.

Options:
  --connection-string CS  storage connection string (Azurite, or accounts with shared keys);
                          default: the ${CONNECTION_STRING_ENV} environment variable,
                          which keeps it out of shell history
  --account-url URL       https://<account>.blob.core.windows.net, signed in through
                          DefaultAzureCredential (az login, managed identity, OIDC…); needs
                          "Storage Blob Data Contributor"; the SAS is a user delegation SAS
  --container C           container name (required): 3-63 lower-case letters, digits and
                          single hyphens, starting and ending with a letter or digit
  --create-container      create the container when it does not exist
  --blob NAME             blob name, up to 1024 characters, no "." or ".." segments
                          (default: <sha256>/<file name>, content-addressed)
  --blob-type block|page  page blobs allow up to 10 replicas per region (default block)
  --allow-padding         with --blob-type page: append zero bytes to a file that is not zip,
                          gzip or tar to reach a 512-byte multiple (a page blob's size must be
                          one); only for installers that tolerate trailing bytes
  --format FORMAT         archive format, required for a folder: tar.gz for Linux (tar -xzf),
                          zip for Windows (Expand-Archive), or tar
  --kind package|config   size limit to enforce: 2 GiB package (default) or 1 GiB config
  --sas-days N            SAS validity in whole days (default ${DEFAULT_SAS_VALID_DAYS}): 1-${USER_DELEGATION_MAX_DAYS} with --account-url
                          (user delegation SAS), 1-${STAGE_SERVICE_SAS_MAX_DAYS} with a connection string
                          (service SAS, signed with the account key)
  --show-sas              print the SAS URL (a secret) as well
  --ca-cert FILE          extra CA certificate (PEM) to trust, e.g. a local Azurite's
  --json                  print the result as one JSON document (the SAS only with --show-sas)
  -h, --help              show this help

Examples:
  export ${CONNECTION_STRING_ENV}="DefaultEndpointsProtocol=https;AccountName=…"
  vmapps stage ./app --format tar.gz --container packages --create-container
  vmapps stage app.msi --account-url https://contosopkgs.blob.core.windows.net --container packages

${EXIT_CODES}`;

const options: Options = {
  "connection-string": { type: "string" },
  "account-url": { type: "string" },
  container: { type: "string" },
  "create-container": { type: "boolean" },
  blob: { type: "string" },
  "blob-type": { type: "string" },
  "allow-padding": { type: "boolean" },
  format: { type: "string" },
  kind: { type: "string" },
  "sas-days": { type: "string" },
  "show-sas": { type: "boolean" },
  "ca-cert": { type: "string" },
  json: { type: "boolean" },
};

export interface StageCommandResult extends StageResult {
  sasExpiresOn: string;
  sasKind: string;
  /** Present only when asked for. */
  sasUrl?: string;
  archived?: { format: ArchiveFormat; entries: number };
}

function targetFrom(values: Record<string, unknown>, io: Io, caCert?: string): StagingTarget {
  const container = values.container as string | undefined;
  if (container === undefined) {
    throw usageError(
      "--container is required",
      "name the blob container, e.g. --container packages",
    );
  }
  checkContainerName(container);
  checkBlobName(values.blob as string | undefined);
  const connectionString =
    (values["connection-string"] as string | undefined) ?? io.env[CONNECTION_STRING_ENV];
  const accountUrl = values["account-url"] as string | undefined;
  if (values["connection-string"] && accountUrl) {
    throw usageError(
      "--connection-string and --account-url both given",
      "pass one: a connection string (shared key), or an account URL (Entra ID sign-in)",
    );
  }
  const common = {
    blobName: values.blob as string | undefined,
    createContainer: values["create-container"] === true,
    caCert,
  };
  if (accountUrl) {
    checkAccountUrl(accountUrl);
    return { ...common, containerUrl: `${accountUrl.replace(/\/+$/, "")}/${container}` };
  }
  if (connectionString) {
    const target = { ...common, connectionString, containerName: container };
    checkConnectionString(
      target,
      values["connection-string"] ? "--connection-string" : CONNECTION_STRING_ENV,
    );
    return target;
  }
  throw usageError(
    "no storage account given",
    `pass --account-url https://<account>.blob.core.windows.net, or set ${CONNECTION_STRING_ENV}`,
  );
}

/** Parsed the way staging will parse it, so a malformed one fails before any file is read. */
function checkConnectionString(target: StagingTarget, source: string): void {
  try {
    containerClientFor(target);
  } catch {
    // The SDK's message may quote the string, and so the key: never echo it.
    throw usageError(
      `the storage connection string in ${source} is malformed`,
      "copy it again from the portal (Access keys) or `az storage account show-connection-string`; it has the form DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net",
    );
  }
}

/**
 * The source's own problems, before any temporary file is written: a missing path is a failed
 * check (exit 1), a folder without --format a usage error (exit 2).
 */
function checkSource(path: string, facts: SourceFacts, options: StageSourceOptions): void {
  const problems = sourceProblems(facts, "<path>", options.kind ?? "package");
  if (problems.length > 0) throw cliErrorOf(problems, 1);
  if (facts.type === "folder" && options.format === undefined) {
    throw cliErrorOf(
      folderFormatProblems(path, "--format", (format) => `add --format ${format}`),
      USAGE_EXIT,
    );
  }
}

/** A page blob's file of unknown format: the fix names the CLI's own flag. */
function paddingRefusal(error: unknown): unknown {
  if (!(error instanceof StagingError) || error.code !== "UNKNOWN_FORMAT_NOT_ALIGNED") return error;
  return new CliError(
    error.reason,
    "stage it as a block blob (leave out --blob-type page), repackage it as zip or tar.gz, or pass --allow-padding if its installer ignores trailing zero bytes",
  );
}

interface StageSourceOptions {
  blobType?: BlobType;
  /** Lets a page blob's file of unknown format grow by trailing zero bytes. */
  allowPadding?: boolean;
  format?: ArchiveFormat;
  kind?: StagedKind;
}

/** Stages a file or folder and signs its read SAS: `vmapps stage` without the printing. */
export async function stage(
  path: string,
  options: StageSourceOptions & {
    target: StagingTarget;
    sasDays?: number;
    onProgress?: (done: number, total: number) => void;
    /** Stops the stage: it removes its temporary files and throws StageInterruptedError. */
    signal?: AbortSignal;
  },
): Promise<StageCommandResult & { readonly sasUrlSecret: string }> {
  if ("containerName" in options.target) checkContainerName(options.target.containerName);
  checkBlobName(options.target.blobName);
  checkSasDays(options.sasDays, !("connectionString" in options.target));
  const facts = inspectSource(path);
  checkSource(path, facts, options);
  sweepStaleWorkDirs();
  let workDir: string | undefined;
  const state: StageProgressState = {
    phase: "prepare",
    doneBytes: 0,
    totalBytes: 0,
    blobType: options.blobType ?? "block",
    hadTempFile: false,
  };
  try {
    const prepared = await prepareSource(path, {
      facts,
      archiveFormat: options.format,
      kind: options.kind,
      blobType: options.blobType,
      allowPadding: options.allowPadding,
      signal: options.signal,
      workDir: () => {
        workDir = createWorkDir();
        state.hadTempFile = true;
        return workDir;
      },
    }).catch((error: unknown) => {
      throw paddingRefusal(error);
    });
    const result = await stagePackage({
      source: prepared.path,
      fileName: prepared.fileName,
      target: options.target,
      blobType: options.blobType,
      kind: options.kind,
      signal: options.signal,
      onProgress: (progress) => {
        Object.assign(state, {
          phase: "upload",
          doneBytes: progress.doneBytes,
          totalBytes: progress.totalBytes,
        });
        options.onProgress?.(progress.doneBytes, progress.totalBytes);
      },
    });
    state.phase = "commit";
    options.signal?.throwIfAborted();
    const sas = await signReadSas(
      options.target,
      result.url,
      options.sasDays ?? DEFAULT_SAS_VALID_DAYS,
    );
    const archived = prepared.archive && {
      format: prepared.archive.format,
      entries: prepared.archive.entries.length,
    };
    const output: StageCommandResult = {
      ...result,
      sasExpiresOn: sas.expiresOn.toISOString(),
      sasKind: sas.kind,
      ...(archived && { archived }),
    };
    // Not enumerable: JSON.stringify and object spreads of the result never carry the SAS.
    Object.defineProperty(output, "sasUrlSecret", { value: sas.sasUrl, enumerable: false });
    return output as StageCommandResult & { readonly sasUrlSecret: string };
  } catch (error) {
    // Whatever the abort surfaced as (AbortError, a rejected hash…), the cause is the signal.
    if (options.signal?.aborted) throw new StageInterruptedError({ ...state });
    throw error;
  } finally {
    if (workDir) removeWorkDir(workDir);
  }
}

export const stageCommand: Command = {
  name: "stage",
  summary: "upload a package file or folder and sign a read-only SAS",
  help,
  options,
  async run(args, io) {
    const { values, positionals } = parseCommand("stage", args, options, 1);
    if (values.help) {
      io.out(help);
      return 0;
    }
    const path = positionals[0];
    if (!path) throw usageError("no package given", "pass a file or folder: vmapps stage ./app …");
    const target = targetFrom(values, io, readCaCert(values["ca-cert"]));
    const signedIn = !("connectionString" in target);
    const settings = {
      blobType: choiceFlag("blob-type", values["blob-type"], BLOB_TYPES),
      allowPadding: values["allow-padding"] === true,
      format: choiceFlag("format", values.format, ARCHIVE_FORMATS),
      kind: choiceFlag("kind", values.kind, STAGED_KINDS),
      sasDays: sasDaysFlag(values["sas-days"], signedIn),
    };
    if (settings.allowPadding && settings.blobType !== "page") {
      throw usageError(
        "--allow-padding only applies to a page blob",
        "add --blob-type page, or leave out --allow-padding (a block blob takes any size)",
      );
    }
    const started = Date.now();
    const progress = values.json ? undefined : progressReporter(io, `Staging ${basename(path)}`);
    const interrupt = listenForInterrupt(io);
    let result: Awaited<ReturnType<typeof stage>>;
    try {
      result = await stage(path, {
        target,
        ...settings,
        signal: interrupt.signal,
        onProgress: (done, total) => progress?.update(done, total),
      });
    } catch (error) {
      if (error instanceof StageInterruptedError) {
        progress?.finish();
        io.err(interruptedLine(error.state));
        return interrupt.exitCode();
      }
      throw storageFailure(error, { container: values.container as string, signedIn }) ?? error;
    } finally {
      interrupt.dispose();
    }
    progress?.finish();
    const showSas = values["show-sas"] === true;
    if (values.json) {
      io.out(
        JSON.stringify({ ...result, ...(showSas && { sasUrl: result.sasUrlSecret }) }, null, 2),
      );
      return 0;
    }
    io.out(
      `${style(io, "green", "✓")} ${result.skipped ? "Already staged (same content), nothing sent" : `Staged and verified in ${formatDuration(Date.now() - started)}`}`,
    );
    io.out(`  url          ${result.url}`);
    io.out(
      `  size         ${formatBytes(result.size)} (${result.size} bytes), ${result.blobType} blob, ${result.blocks} ${result.blobType === "page" ? "page range" : "block"}${result.blocks === 1 ? "" : "s"}`,
    );
    if (result.archived)
      io.out(`  archive      ${result.archived.format}, ${result.archived.entries} entries`);
    io.out(`  sha256       ${result.sha256}`);
    io.out(`  md5          ${result.md5}`);
    io.out(`  sent         ${formatBytes(result.uploadedBytes)}`);
    io.out(
      `  SAS          read-only, HTTPS-only ${result.sasKind} SAS, expires ${result.sasExpiresOn}`,
    );
    if (showSas) io.out(`  sas url      ${result.sasUrlSecret}`);
    else io.out(style(io, "dim", "  (the SAS URL is a secret: add --show-sas to print it)"));
    return 0;
  },
};
