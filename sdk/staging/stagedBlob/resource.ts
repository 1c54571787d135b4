/**
 * StagedBlob: a package staged into a blob container during `pulumi up`, with a read-only SAS
 * URL (secret) that is renewed in place before it runs out.
 *
 * Pulumi stores a dynamic provider by closure serialization. The provider below captures only
 * a module path string: each method `require`s the engine (../stagedBlobEngine.ts) when it runs,
 * so nothing from @azure/* or the file system is serialized into state.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_TYPES } from "../../components/tokens";
import { error, VmAppsError } from "../../core/shared/problems";
import type * as Engine from "../stagedBlobEngine";

/**
 * Engine module (the .js one in the published package). Its path is stored in state with every
 * provider, so it stays `staging/stagedBlobEngine` whatever the layout behind it.
 */
const STAGED_BLOB_ENGINE = join(__dirname, "..", "stagedBlobEngine");

/**
 * Loads the engine at deployment time: first from where this program found it, then from the
 * installed package (state moved to another checkout).
 */
function loadStagedBlobEngine(modulePath: string): typeof Engine {
  try {
    return require(modulePath);
  } catch (first) {
    try {
      const path = require("node:path") as typeof import("node:path");
      const root = path.dirname(require.resolve("pulumi-azure-vmapps/package.json"));
      return require(path.join(root, "dist", "staging", "stagedBlobEngine"));
    } catch {
      throw first;
    }
  }
}

export const stagedBlobProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Engine.StagedBlobInputs, news: Engine.StagedBlobInputs) {
    return loadStagedBlobEngine(STAGED_BLOB_ENGINE).check(news);
  },
  async diff(_id: string, olds: Engine.StagedBlobOutputs, news: Engine.StagedBlobInputs) {
    return loadStagedBlobEngine(STAGED_BLOB_ENGINE).diff(olds, news);
  },
  async create(inputs: Engine.StagedBlobInputs) {
    return loadStagedBlobEngine(STAGED_BLOB_ENGINE).create(inputs);
  },
  async update(_id: string, olds: Engine.StagedBlobOutputs, news: Engine.StagedBlobInputs) {
    return loadStagedBlobEngine(STAGED_BLOB_ENGINE).update(olds, news);
  },
  async read(id: string, props: Engine.StagedBlobOutputs) {
    return loadStagedBlobEngine(STAGED_BLOB_ENGINE).read(id, props);
  },
  async delete(_id: string, props: Engine.StagedBlobOutputs) {
    await loadStagedBlobEngine(STAGED_BLOB_ENGINE).remove(props);
  },
};

export interface StagedBlobArgs {
  /**
   * Package file, or a folder that is archived deterministically (then set `archiveFormat`).
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#package
   */
  source: pulumi.Input<string>;
  /** Archive format for a folder source: "zip", "tar.gz" or "tar". @default none (required for folders) */
  archiveFormat?: pulumi.Input<string>;
  /**
   * "package" (up to 2 GiB, the version's mediaLink) or "config" (up to 1 GiB).
   * @default "package"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  kind?: pulumi.Input<string>;
  /** Storage account name. @see https://learn.microsoft.com/azure/storage/common/storage-account-overview */
  accountName: pulumi.Input<string>;
  /** Existing blob container. @see https://learn.microsoft.com/azure/storage/blobs/storage-blobs-introduction */
  containerName: pulumi.Input<string>;
  /** Blob service endpoint. @default `https://<accountName>.blob.core.windows.net` */
  blobEndpoint?: pulumi.Input<string>;
  /**
   * Connection string, for Azurite or accounts with shared keys; accepted only as a secret
   * (`pulumi.secret(...)` or a secret config value).
   * @default undefined (DefaultAzureCredential: nothing secret in state)
   * @see https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
   */
  connectionString?: pulumi.Input<string>;
  /** Blob name. @default `<sha256>/<file name>` (content-addressed: a new package never overwrites an old one) */
  blobName?: pulumi.Input<string>;
  /**
   * "block", or "page" when a region needs more than 3 replicas (padded to 512 bytes).
   * @default "block"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
   */
  blobType?: pulumi.Input<string>;
  /**
   * Pad an unrecognised file format with zero bytes for a page blob (`pageBlobSupport` tells
   * beforehand whether a source needs it).
   * @default false
   */
  allowPadding?: pulumi.Input<boolean>;
  /**
   * Days a new SAS is valid: more than 0, at most 7 without a connection string (a user
   * delegation SAS cannot last longer; checked before anything is staged). A new value re-signs
   * the SAS in place on the next `pulumi up`.
   * @default 6
   * @see https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
   */
  sasValidForDays?: pulumi.Input<number>;
  /**
   * Renew the SAS (same blob, new query string) on `pulumi up` when fewer days remain; 0 or
   * more, and less than `sasValidForDays`.
   * @default 2
   * @see https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
   */
  sasRenewWithinDays?: pulumi.Input<number>;
  /** Keep the blob when the resource is deleted. @default false */
  retainOnDelete?: pulumi.Input<boolean>;
  /** Extra CA certificate (PEM) to trust, e.g. a local Azurite's. @default undefined */
  caCert?: pulumi.Input<string>;
}

/** Outputs the Pulumi engine must store encrypted. */
export const STAGED_BLOB_SECRET_OUTPUTS = ["sasUrl", "connectionString"];

const OUTPUT_NAMES = [
  "url",
  "blobName",
  "sha256",
  "md5",
  "size",
  "blobType",
  "sasUrl",
  "sasExpiresOn",
];

export class StagedBlob extends pulumi.dynamic.Resource {
  /** Blob URL without SAS. */
  declare public readonly url: pulumi.Output<string>;
  declare public readonly blobName: pulumi.Output<string>;
  declare public readonly sha256: pulumi.Output<string>;
  /** Lowercase hex, as `md5sum` prints it. */
  declare public readonly md5: pulumi.Output<string>;
  declare public readonly size: pulumi.Output<number>;
  declare public readonly blobType: pulumi.Output<string>;
  /** Blob URL with a read-only, HTTPS-only SAS: a secret. */
  declare public readonly sasUrl: pulumi.Output<string>;
  /** ISO 8601 expiry of `sasUrl`. */
  declare public readonly sasExpiresOn: pulumi.Output<string>;

  constructor(name: string, args: StagedBlobArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...args };
    if (args.connectionString !== undefined) {
      props.connectionString = requireSecretInput(name, args.connectionString);
    }
    // Declaring the outputs must not clear inputs of the same name (blobName, blobType).
    for (const output of OUTPUT_NAMES) if (!(output in props)) props[output] = undefined;
    super(
      stagedBlobProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: STAGED_BLOB_SECRET_OUTPUTS }),
      DYNAMIC_TYPES.StagedBlob.module,
      DYNAMIC_TYPES.StagedBlob.type,
    );
  }
}

export class StagedBlobSecretError extends VmAppsError {
  constructor(resourceName: string) {
    const message =
      "connectionString must be a secret, or it would be stored in plain text in state.";
    const fix = "wrap it with pulumi.secret(...) or read it with config.requireSecret(...)";
    super(`StagedBlob ${resourceName}: ${message} Fix: ${fix}`, [
      { ...error("connectionString", message, fix), resource: resourceName },
    ]);
    this.name = "StagedBlobSecretError";
  }
}

/** Plain strings fail at once; an Output that turns out not to be secret fails the deployment. */
export function requireSecretInput(
  name: string,
  value: pulumi.Input<string>,
): pulumi.Output<string> {
  if (!pulumi.Output.isInstance(value)) throw new StagedBlobSecretError(name);
  const output = value as pulumi.Output<string>;
  const checked = pulumi.output(
    pulumi.isSecret(output).then((secret) => {
      if (!secret) throw new StagedBlobSecretError(name);
      return true;
    }),
  );
  return pulumi.all([output, checked]).apply(([connectionString]) => connectionString);
}
