/**
 * What the StagedBlob dynamic provider does, as plain functions with plain values. Kept free of
 * @pulumi/* so the provider (serialized into state by closure serialization) only has to
 * `require` this module at deployment time instead of capturing it.
 */
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DefaultAzureCredential } from "@azure/identity";
import { padForPageBlob } from "./align";
import { type ArchiveFormat, archivePackage } from "./archive";
import { containerClientFor, type StagingTarget, sharedKeyOf } from "./client";
import { hashFile } from "./hash";
import { type BlobType, defaultBlobName, refuseSource, type StagedKind } from "./plan";
import { withRetry } from "./retry";
import { createReadSas } from "./sas";
import {
  DEFAULT_SAS_RENEW_WITHIN_DAYS,
  DEFAULT_SAS_VALID_DAYS,
  sasNeedsRenewal,
  sasSettingsProblems,
  sasWindowFrom,
} from "./sasPlan";
import { stagePackage } from "./upload";

/** Resolved inputs, as the provider receives them (secrets unwrapped). */
export interface StagedBlobInputs {
  source: string;
  archiveFormat?: string;
  kind?: string;
  accountName: string;
  containerName: string;
  blobEndpoint?: string;
  connectionString?: string;
  blobName?: string;
  blobType?: string;
  sasValidForDays?: number;
  sasRenewWithinDays?: number;
  retainOnDelete?: boolean;
  allowPadding?: boolean;
  caCert?: string;
  /** Added by check: SHA-256 of the bytes that will be staged, and the blob name they get. */
  contentSha256?: string;
  resolvedBlobName?: string;
}

export interface StagedBlobOutputs {
  url: string;
  blobName: string;
  sha256: string;
  md5: string;
  size: number;
  blobType: BlobType;
  sasUrl: string;
  sasExpiresOn: string;
  /** The SAS policy `sasUrl` was signed under; absent in state written before it was recorded. */
  sasValidForDays?: number;
  sasRenewWithinDays?: number;
  accountName: string;
  containerName: string;
  blobEndpoint: string;
  connectionString?: string;
  caCert?: string;
  retainOnDelete: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

const ARCHIVE_FORMATS: readonly string[] = ["zip", "tar.gz", "tar"];
/** @see https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names */
const MAX_BLOB_NAME_LENGTH = 1024;

export function validateInputs(inputs: StagedBlobInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  if (typeof inputs.source !== "string" || inputs.source === "") {
    fail(
      "source",
      `source must be the path of the package file or folder to stage; got ${describe(inputs.source)}`,
    );
  }
  if (!inputs.accountName)
    fail("accountName", "set accountName to the storage account that holds the package");
  if (!inputs.containerName)
    fail("containerName", "set containerName to an existing blob container");
  if (inputs.kind !== undefined && inputs.kind !== "package" && inputs.kind !== "config") {
    fail("kind", `kind must be "package" or "config"; got "${inputs.kind}"`);
  }
  if (inputs.blobType !== undefined && inputs.blobType !== "block" && inputs.blobType !== "page") {
    fail("blobType", `blobType must be "block" or "page"; got "${inputs.blobType}"`);
  }
  if (inputs.archiveFormat !== undefined && !ARCHIVE_FORMATS.includes(inputs.archiveFormat)) {
    fail(
      "archiveFormat",
      `archiveFormat must be one of ${ARCHIVE_FORMATS.join(", ")}; got "${inputs.archiveFormat}"`,
    );
  }
  if (inputs.blobName !== undefined) {
    const problem = blobNameProblem(inputs.blobName);
    if (problem)
      fail(
        "blobName",
        `blobName ${problem}. Fix: omit blobName for the content-addressed default, or give a relative name such as "apps/app-1.0.zip"`,
      );
  }
  for (const flag of ["retainOnDelete", "allowPadding"] as const) {
    if (inputs[flag] !== undefined && typeof inputs[flag] !== "boolean") {
      fail(flag, `${flag} must be a boolean (true or false); got ${describe(inputs[flag])}`);
    }
  }
  const endpointProtocol = blobEndpointProtocol(inputs);
  if (endpointProtocol !== "https") {
    fail(
      inputs.connectionString ? "connectionString" : "blobEndpoint",
      `the blob endpoint uses ${endpointProtocol}, but the read SAS is HTTPS-only and the gallery downloads over HTTPS only. Fix: use the account's https:// endpoint`,
    );
  }
  const sasProblems = sasSettingsProblems(
    {
      validForDays: inputs.sasValidForDays,
      renewWithinDays: inputs.sasRenewWithinDays,
      userDelegation: !inputs.connectionString,
    },
    { validForDays: "sasValidForDays", renewWithinDays: "sasRenewWithinDays" },
  );
  for (const problem of sasProblems) fail(problem.field, `${problem.message} Fix: ${problem.fix}`);
  return failures;
}

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : `${typeof value} ${String(value)}`;
}

/** Names the URL would silently rewrite (dot segments) or that address no blob at all. */
function blobNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return `must be a string; got ${describe(name)}`;
  if (name === "") return "is empty";
  if (name.length > MAX_BLOB_NAME_LENGTH) {
    return `is ${name.length} characters; Azure allows at most ${MAX_BLOB_NAME_LENGTH}`;
  }
  if (name.startsWith("/")) return `"${name}" starts with "/"`;
  const segments = name.split("/");
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return `"${name}" has a "." or ".." segment, which URLs collapse into another blob's path`;
  }
  if (segments.some((segment) => segment === "")) return `"${name}" has an empty path segment`;
  return undefined;
}

/** Lowercase scheme the blob URL will have; never echoes the connection string (a secret). */
function blobEndpointProtocol(inputs: StagedBlobInputs): string {
  if (inputs.connectionString) {
    const settings = new Map(
      inputs.connectionString
        .split(";")
        .map((part) => part.split("="))
        .map(([key, ...value]) => [(key ?? "").trim().toLowerCase(), value.join("=").trim()]),
    );
    // The SDK's development shortcut points at Azurite's default http://127.0.0.1:10000.
    if (settings.get("usedevelopmentstorage")?.toLowerCase() === "true") return "http";
    const endpoint = settings.get("blobendpoint");
    if (endpoint) return schemeOf(endpoint);
    // Without BlobEndpoint the SDK builds the URL from DefaultEndpointsProtocol (https if absent).
    return (settings.get("defaultendpointsprotocol") || "https").toLowerCase();
  }
  return inputs.blobEndpoint ? schemeOf(inputs.blobEndpoint) : "https";
}

function schemeOf(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? "https";
}

interface PreparedSource {
  path: string;
  sha256: string;
  cleanup(): Promise<void>;
}

/**
 * The exact bytes to stage: the file itself, a deterministic archive of a folder, or a padded
 * copy for a page blob. The same inputs always give the same bytes and hash.
 */
export async function prepareSource(inputs: StagedBlobInputs): Promise<PreparedSource> {
  const refusal = await sourceProblem(inputs);
  if (refusal) throw new Error(refusal);
  const info = await stat(inputs.source);
  const workDir = await mkdtemp(join(tmpdir(), "vmapps-staged-"));
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  try {
    const page = inputs.blobType === "page";
    let path = inputs.source;
    if (info.isDirectory()) {
      const archive = await archivePackage(inputs.source, {
        format: inputs.archiveFormat as ArchiveFormat,
        outFile: join(workDir, `${basename(inputs.source)}.${inputs.archiveFormat}`),
        pageBlob: page,
      });
      path = archive.path;
    } else if (page && info.size % 512 !== 0) {
      const copy = join(workDir, basename(inputs.source));
      await copyFile(inputs.source, copy);
      await padForPageBlob(copy, { allowPadding: inputs.allowPadding });
      path = copy;
    }
    const { sha256 } = await hashFile(path);
    return { path, sha256, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Why `source` cannot be staged as it is now, checked again at each deployment step: a file
 * removed after the last `pulumi up` must fail the plan, not plan the hash of no bytes.
 */
async function sourceProblem(inputs: StagedBlobInputs): Promise<string | undefined> {
  const info = await stat(inputs.source).catch(() => undefined);
  if (info?.isDirectory()) {
    return inputs.archiveFormat
      ? undefined
      : `source ${inputs.source} is a folder. Fix: set archiveFormat to "zip", "tar.gz" or "tar"`;
  }
  const refusal = refuseSource({
    path: inputs.source,
    stat: info && { isFile: info.isFile(), size: info.size },
    kind: (inputs.kind ?? "package") as StagedKind,
    // Alignment is settled while preparing (padding), not here.
    blobType: "block",
  });
  return refusal && `${refusal.message}. Fix: ${refusal.fix}`;
}

export function stagedFileName(inputs: StagedBlobInputs): string {
  const name = basename(inputs.source);
  return inputs.archiveFormat && !name.endsWith(`.${inputs.archiveFormat}`)
    ? `${name}.${inputs.archiveFormat}`
    : name;
}

/** check: validate, then record what will be staged so diff can compare without hashing. */
export async function check(
  news: StagedBlobInputs,
): Promise<{ inputs: StagedBlobInputs; failures: CheckFailure[] }> {
  const failures = validateInputs(news);
  if (failures.length > 0) return { inputs: news, failures };
  const problem = await sourceProblem(news);
  if (problem) return { inputs: news, failures: [{ property: "source", reason: problem }] };
  const prepared = await prepareSource(news);
  await prepared.cleanup();
  return {
    inputs: {
      ...news,
      contentSha256: prepared.sha256,
      resolvedBlobName: news.blobName ?? defaultBlobName(prepared.sha256, stagedFileName(news)),
    },
    failures: [],
  };
}

function endpointOf(inputs: { accountName: string; blobEndpoint?: string }): string {
  return (inputs.blobEndpoint ?? `https://${inputs.accountName}.blob.core.windows.net`).replace(
    /\/+$/,
    "",
  );
}

function targetOf(inputs: StagedBlobInputs | StagedBlobOutputs, blobName: string): StagingTarget {
  const common = { blobName, caCert: inputs.caCert };
  return inputs.connectionString
    ? { ...common, connectionString: inputs.connectionString, containerName: inputs.containerName }
    : { ...common, containerUrl: `${endpointOf(inputs)}/${inputs.containerName}` };
}

interface SasPolicy {
  sasValidForDays: number;
  sasRenewWithinDays: number;
}

function sasPolicyOf(inputs: StagedBlobInputs): SasPolicy {
  return {
    sasValidForDays: inputs.sasValidForDays ?? DEFAULT_SAS_VALID_DAYS,
    sasRenewWithinDays: inputs.sasRenewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS,
  };
}

/** State written before the policy was recorded was signed under the defaults, unless set. */
function recordedSasPolicy(olds: StagedBlobOutputs): SasPolicy {
  return {
    sasValidForDays: olds.sasValidForDays ?? DEFAULT_SAS_VALID_DAYS,
    sasRenewWithinDays: olds.sasRenewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS,
  };
}

/** `now` is the clock that decided to sign, so the window and the decision agree. */
async function signSas(
  inputs: StagedBlobInputs | StagedBlobOutputs,
  url: string,
  validForDays: number,
  now: Date,
): Promise<{ sasUrl: string; sasExpiresOn: string }> {
  const window = sasWindowFrom(now, validForDays);
  const key = inputs.connectionString
    ? sharedKeyOf(containerClientFor(targetOf(inputs, "unused")))
    : undefined;
  const sas = await createReadSas({
    blobUrl: url,
    ...window,
    now,
    ...(key
      ? { accountKey: key }
      : { credential: new DefaultAzureCredential(), caCert: inputs.caCert }),
  });
  return { sasUrl: sas.sasUrl, sasExpiresOn: sas.expiresOn.toISOString() };
}

export async function create(
  inputs: StagedBlobInputs,
  now = new Date(),
): Promise<{ id: string; outs: StagedBlobOutputs }> {
  const prepared = await prepareSource(inputs);
  try {
    const blobName = inputs.blobName ?? defaultBlobName(prepared.sha256, stagedFileName(inputs));
    const staged = await stagePackage({
      source: prepared.path,
      target: targetOf(inputs, blobName),
      blobType: (inputs.blobType ?? "block") as BlobType,
      kind: (inputs.kind ?? "package") as StagedKind,
    });
    const policy = sasPolicyOf(inputs);
    const sas = await signSas(inputs, staged.url, policy.sasValidForDays, now);
    const outs: StagedBlobOutputs = {
      url: staged.url,
      blobName: staged.blobName,
      sha256: staged.sha256,
      md5: staged.md5,
      size: staged.size,
      blobType: staged.blobType,
      ...sas,
      ...policy,
      accountName: inputs.accountName,
      containerName: inputs.containerName,
      blobEndpoint: endpointOf(inputs),
      retainOnDelete: inputs.retainOnDelete ?? false,
      ...(inputs.connectionString ? { connectionString: inputs.connectionString } : {}),
      ...(inputs.caCert ? { caCert: inputs.caCert } : {}),
    };
    return { id: staged.url, outs };
  } finally {
    await prepared.cleanup();
  }
}

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

/** Whether the staged blob is still there; "unknown" when the storage service could not say. */
export type BlobPresence = "present" | "missing" | "unknown";

/**
 * Asks the service with the credentials the blob was staged with. A missing container counts as
 * a missing blob. Anything else (network down, no permission) is "unknown": a plan must not
 * fail, nor re-stage, on a question it could not ask.
 */
export async function blobPresence(outs: StagedBlobOutputs): Promise<BlobPresence> {
  const blob = containerClientFor(targetOf(outs, outs.blobName)).getBlobClient(outs.blobName);
  try {
    const exists = await withRetry((abortSignal) => blob.exists({ abortSignal }), {
      maxAttempts: 3,
      attemptTimeoutMs: 15_000,
    });
    return exists ? "present" : "missing";
  } catch (error) {
    if (isNotFound(error)) return "missing";
    return "unknown";
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}

/** An expiry that does not parse cannot be trusted to be in the future: renew it. */
function storedExpiry(olds: StagedBlobOutputs): Date {
  const expiresOn = new Date(olds.sasExpiresOn);
  return Number.isNaN(expiresOn.getTime()) ? new Date(0) : expiresOn;
}

/**
 * Content hash, SAS window, SAS policy and whether the blob still exists decide; identity
 * (account, container, endpoint, blob name, blob type) forces a replacement. Renewal, a new SAS
 * policy and re-staging a deleted blob are updates: same blob path, same content.
 */
export function planDiff(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now: Date,
  presence: BlobPresence,
): DiffOutcome {
  const replaces: string[] = [];
  if (olds.accountName !== news.accountName) replaces.push("accountName");
  if (olds.containerName !== news.containerName) replaces.push("containerName");
  if (olds.blobEndpoint !== endpointOf(news)) replaces.push("blobEndpoint");
  if (news.resolvedBlobName !== undefined && olds.blobName !== news.resolvedBlobName)
    replaces.push("blobName");
  if (olds.blobType !== (news.blobType ?? "block")) replaces.push("blobType");
  const contentChanged = news.contentSha256 !== undefined && news.contentSha256 !== olds.sha256;
  const policy = sasPolicyOf(news);
  const renew = sasNeedsRenewal(storedExpiry(olds), now, policy.sasRenewWithinDays);
  const recorded = recordedSasPolicy(olds);
  const policyChanged =
    recorded.sasValidForDays !== policy.sasValidForDays ||
    recorded.sasRenewWithinDays !== policy.sasRenewWithinDays;
  const retainChanged = olds.retainOnDelete !== (news.retainOnDelete ?? false);
  const restage = presence === "missing";
  return {
    changes:
      replaces.length > 0 || contentChanged || renew || policyChanged || retainChanged || restage,
    replaces,
    stables: replaces.length === 0 ? ["url", "blobName", "blobType"] : [],
    // Same URL with another blob type: the old blob must go before the new one is written.
    deleteBeforeReplace:
      replaces.length > 0 &&
      !replaces.includes("blobName") &&
      olds.blobEndpoint === endpointOf(news),
  };
}

/** `warn` reaches the deployment's output (the provider's stderr is shown by the CLI). */
export async function diff(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
  warn: (message: string) => void = console.warn,
): Promise<DiffOutcome> {
  const presence = await blobPresence(olds);
  if (presence === "unknown") {
    warn(
      `StagedBlob ${olds.url}: could not check whether the blob still exists (storage unreachable or access denied); planning as if it does`,
    );
  } else if (presence === "missing") {
    warn(`StagedBlob ${olds.url}: the blob is gone; the update stages the same content again`);
  }
  return planDiff(olds, news, now, presence);
}

/**
 * Re-stages when the content changed or the blob is gone (checked here too: the diff may be
 * stale). A due renewal or a new validity only signs a new SAS for the same blob; a new renewal
 * threshold is only recorded (the current SAS stays valid).
 */
export async function update(
  olds: StagedBlobOutputs,
  news: StagedBlobInputs,
  now = new Date(),
): Promise<{ outs: StagedBlobOutputs }> {
  const contentChanged = news.contentSha256 === undefined || news.contentSha256 !== olds.sha256;
  if (contentChanged || (await blobPresence(olds)) === "missing") {
    const created = await create(
      { ...news, blobName: olds.blobName, blobType: olds.blobType },
      now,
    );
    return { outs: created.outs };
  }
  const policy = sasPolicyOf(news);
  const outs: StagedBlobOutputs = {
    ...olds,
    ...policy,
    retainOnDelete: news.retainOnDelete ?? false,
    connectionString: news.connectionString,
    caCert: news.caCert,
  };
  const validityChanged = recordedSasPolicy(olds).sasValidForDays !== policy.sasValidForDays;
  if (validityChanged || sasNeedsRenewal(storedExpiry(olds), now, policy.sasRenewWithinDays)) {
    Object.assign(outs, await signSas(outs, olds.url, policy.sasValidForDays, now));
  }
  if (!outs.connectionString) delete outs.connectionString;
  if (!outs.caCert) delete outs.caCert;
  return { outs };
}

/**
 * refresh: a blob deleted out of band reads back as no resource (blank id, per the dynamic
 * provider contract), so the next `pulumi up` creates it again.
 */
export async function read(
  id: string,
  props: StagedBlobOutputs,
): Promise<{ id?: string; props?: StagedBlobOutputs }> {
  const presence = await blobPresence(props);
  if (presence === "missing") return {};
  if (presence === "unknown") {
    throw new Error(
      `StagedBlob ${props.url}: could not check whether the blob exists (storage unreachable or access denied); refresh again when it is reachable`,
    );
  }
  return { id, props };
}

export async function remove(props: StagedBlobOutputs): Promise<void> {
  if (props.retainOnDelete) return;
  const container = containerClientFor(targetOf(props, props.blobName));
  try {
    await container.getBlobClient(props.blobName).deleteIfExists({ deleteSnapshots: "include" });
  } catch (error) {
    // deleteIfExists only forgives a missing blob; a missing container holds nothing to delete.
    if (!isNotFound(error)) throw error;
  }
}
