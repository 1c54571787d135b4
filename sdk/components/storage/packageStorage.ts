import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Problem } from "../../core";
import { unknownRegionProblems } from "../../core/shared/azureRegions";
import { ANY_VALUE, objectShape, unknownKeyProblems } from "../../core/shared/keys";
import { error } from "../../core/shared/problems";
import { ComponentProblems } from "../errors";
import { known } from "../shared/known";
import { checkWhenResolved, gate, unknownOutput, whenPassed } from "../shared/late";
import {
  accountNamePrefixProblems,
  containerNameProblems,
  STORAGE_ACCOUNT_SUFFIX_LENGTH,
} from "../shared/names";
import { firstPlainProblems, plain, plainShape } from "../shared/plain";
import {
  accountIdOfContainer,
  type ContainerIdParts,
  containerIdProblems,
  parseContainerId,
} from "../shared/resourceIds";
import { COMPONENT_TOKENS } from "../tokens";

const TYPE = COMPONENT_TOKENS.PackageStorage;

/**
 * Storage account SKUs suitable for staged packages. Standard only: packages are staged as block
 * blobs (up to 3 replicas per region) or page blobs (more), and no premium account holds both: a
 * premium general-purpose v2 account holds page blobs only, a premium BlockBlobStorage account
 * no page blobs.
 * @see https://learn.microsoft.com/azure/storage/common/storage-account-overview
 * @see https://learn.microsoft.com/rest/api/storageservices/using-blob-service-operations-with-azure-premium-storage
 */
export const PackageStorageSku = {
  Standard_LRS: "Standard_LRS",
  Standard_ZRS: "Standard_ZRS",
  Standard_GRS: "Standard_GRS",
  Standard_RAGRS: "Standard_RAGRS",
} as const;
export type PackageStorageSku = (typeof PackageStorageSku)[keyof typeof PackageStorageSku];

/** An existing account and container to stage packages in, instead of creating them. */
export interface ExistingContainerArgs {
  /**
   * Resource id of the blob container:
   * `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>`.
   * @see https://learn.microsoft.com/rest/api/storagerp/blob-containers/get
   */
  containerId: pulumi.Input<string>;
}

export interface PackageStorageArgs {
  /**
   * Resource group for the new storage account. Ignored when `existing` is set.
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/manage-resource-groups-portal
   */
  resourceGroupName?: pulumi.Input<string>;
  /**
   * Azure region of the storage account. Staging close to the gallery keeps the first copy fast.
   * @default the resource group's location
   * @see https://learn.microsoft.com/azure/storage/common/storage-account-overview
   */
  location?: pulumi.Input<string>;
  /**
   * Start of the account name; a random suffix of 8 lower-case letters and digits completes it
   * (account names are global, 3..24 characters).
   * @default "vmapps"
   * @see https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name
   */
  accountNamePrefix?: string;
  /**
   * Redundancy of the staging account, Standard only (see `PackageStorageSku`). Staged packages
   * are copied by the gallery, so locally redundant storage is usually enough.
   * @default "Standard_LRS"
   * @see https://learn.microsoft.com/azure/storage/common/storage-redundancy
   */
  sku?: PackageStorageSku;
  /**
   * Allow shared-key (account key) authorisation. Off by default: staging authenticates with
   * Entra ID and signs user-delegation SAS, which need no account key.
   * @default false
   * @see https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
   */
  allowSharedKeyAccess?: boolean;
  /**
   * Name of the private container created for packages.
   * @default "packages"
   * @see https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
   */
  containerName?: string;
  /**
   * Adopt an existing account and container by id instead of creating them; nothing is created
   * and nothing is deleted on destroy.
   * @default undefined (create a new account and container)
   */
  existing?: ExistingContainerArgs;
}

/**
 * Every key of the arguments, at every depth; any other is refused (see core/shared/keys). Fields typed
 * plain are marked `plain`: an Output there is refused (shared/plain.ts).
 */
export const PACKAGE_STORAGE_ARGS = objectShape<PackageStorageArgs>({
  resourceGroupName: ANY_VALUE,
  location: ANY_VALUE,
  accountNamePrefix: plain({ why: "the prefix names the storage account" }),
  sku: plain({
    why: "the SKU decides which blobs the account can hold, checked before it is created",
  }),
  allowSharedKeyAccess: plain({ why: "it decides how the account is created and signed for" }),
  containerName: plain({ why: "the name names the container" }),
  existing: plainShape(objectShape<ExistingContainerArgs>({ containerId: ANY_VALUE }), {
    why: "existing decides whether an account is created or adopted",
    fix: "Pass existing as a plain object; its containerId may be an Output.",
  }),
});

/**
 * A storage account and private container for staged packages: StorageV2, HTTPS only, TLS 1.2,
 * no public blob access, shared keys off unless asked for. Or an existing container by id.
 */
export class PackageStorage extends pulumi.ComponentResource {
  /** Resource id of the storage account. */
  public readonly id: pulumi.Output<string>;
  /** Storage account name. */
  public readonly accountName: pulumi.Output<string>;
  /** Container holding staged packages. */
  public readonly containerName: pulumi.Output<string>;
  /** Resource group of the storage account. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** Blob endpoint, e.g. https://<account>.blob.core.windows.net/ */
  public readonly blobEndpoint: pulumi.Output<string>;

  constructor(name: string, args: PackageStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    const report = new ComponentProblems(TYPE, name);
    const failed = report.stopBeforeRegistering(
      firstPlainProblems(args, PACKAGE_STORAGE_ARGS) ?? validatePackageStorage(args),
    );
    super(TYPE, name, {}, opts);
    report.registered(this);
    const passed = checkWhenResolved(
      args,
      [],
      (resolved) => validatePackageStorage(resolved),
      (problems) => report.stopWhenResolved(this, problems),
    );
    // Offline a component with errors registers with unknown outputs and no children, so the
    // program goes on; its Outputs are still checked above, so the plan lists every problem.
    if (failed) {
      this.id = unknownOutput();
      this.accountName = unknownOutput();
      this.containerName = unknownOutput();
      this.resourceGroupName = unknownOutput();
      this.blobEndpoint = unknownOutput();
      this.registerOutputs({});
      return;
    }

    if (args.existing) {
      const containerId = whenPassed(passed, args.existing.containerId);
      const parts = containerId.apply((id) => parseContainerId(id) as ContainerIdParts);
      const account = storage.StorageAccount.get(
        `${name}-account`,
        containerId.apply(accountIdOfContainer),
        { parent: this },
      );
      this.id = account.id;
      this.accountName = account.name;
      this.containerName = parts.containerName;
      this.resourceGroupName = parts.resourceGroupName;
      this.blobEndpoint = account.primaryEndpoints.blob;
    } else {
      const prefix = args.accountNamePrefix ?? "vmapps";
      const suffix = new random.RandomString(
        `${name}-suffix`,
        {
          length: STORAGE_ACCOUNT_SUFFIX_LENGTH,
          lower: true,
          upper: false,
          numeric: true,
          special: false,
        },
        { parent: this, dependsOn: gate(passed) },
      );
      const account = new storage.StorageAccount(
        `${name}-account`,
        {
          accountName: pulumi.interpolate`${prefix}${suffix.result}`,
          resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
          location: args.location,
          kind: storage.Kind.StorageV2,
          sku: { name: args.sku ?? PackageStorageSku.Standard_LRS },
          enableHttpsTrafficOnly: true,
          minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
          allowBlobPublicAccess: false,
          allowSharedKeyAccess: args.allowSharedKeyAccess ?? false,
        },
        { parent: this, dependsOn: gate(passed) },
      );
      const container = new storage.BlobContainer(
        `${name}-container`,
        {
          accountName: account.name,
          resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
          containerName: args.containerName ?? "packages",
          publicAccess: storage.PublicAccess.None,
        },
        { parent: this, dependsOn: gate(passed) },
      );
      this.id = account.id;
      this.accountName = account.name;
      this.containerName = container.name;
      this.resourceGroupName = pulumi.output(args.resourceGroupName as pulumi.Input<string>);
      this.blobEndpoint = account.primaryEndpoints.blob;
    }

    this.registerOutputs({
      id: this.id,
      accountName: this.accountName,
      containerName: this.containerName,
      resourceGroupName: this.resourceGroupName,
      blobEndpoint: this.blobEndpoint,
    });
  }
}

function validatePackageStorage(args: PackageStorageArgs): Problem[] {
  const problems = unknownKeyProblems(args, PACKAGE_STORAGE_ARGS);
  if (args.existing) {
    const id = known(args.existing.containerId);
    if (id !== undefined) problems.push(...containerIdProblems(id, "existing.containerId"));
    return problems;
  }
  if (args.resourceGroupName === undefined || known(args.resourceGroupName) === "") {
    problems.push(
      error(
        "resourceGroupName",
        "A new storage account needs a resource group.",
        "Set resourceGroupName, or adopt an existing container with existing.containerId.",
      ),
    );
  }
  const location = known(args.location);
  if (location?.trim() === "") {
    problems.push(
      error(
        "location",
        "The location is empty.",
        "Set the Azure region, e.g. westeurope, or leave location out for the resource group's.",
      ),
    );
  } else if (typeof location === "string") {
    problems.push(...unknownRegionProblems(location, "location"));
  }
  if (args.accountNamePrefix !== undefined) {
    problems.push(...accountNamePrefixProblems(args.accountNamePrefix, "accountNamePrefix"));
  }
  const sku: string | undefined = args.sku;
  if (sku?.startsWith("Premium_")) {
    problems.push(
      error(
        "sku",
        `"${sku}" cannot stage every package: a premium StorageV2 account holds page blobs only (block blobs, used up to 3 replicas per region, would fail) and a premium BlockBlobStorage account holds no page blobs (needed above 3 replicas).`,
        `Use "Standard_LRS" (the default) or "Standard_ZRS": the gallery copies the package into its own replicas, so the staging account's performance hardly matters.`,
      ),
    );
  } else if (args.sku !== undefined && !Object.values(PackageStorageSku).includes(args.sku)) {
    problems.push(
      error(
        "sku",
        `"${args.sku}" is not a storage SKU for staged packages.`,
        `Use one of ${Object.values(PackageStorageSku).join(", ")}.`,
      ),
    );
  }
  if (args.containerName !== undefined) {
    problems.push(...containerNameProblems(args.containerName, "containerName"));
  }
  return problems;
}
