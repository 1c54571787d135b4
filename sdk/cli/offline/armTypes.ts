import { uuidFrom } from "./random";
import { inputText, unwrapSecrets } from "./values";

/**
 * The resource types the fake ARM (fakeArm.ts) knows, keyed by Pulumi type token: where each one's
 * id lives and what Azure computes for it. Paths are written as the Azure REST API specification
 * writes them (e.g. GalleryRP 2024-03-03), whose parameter names are azure-native's input names,
 * so one template gives the id of a created resource and the names in an id that is read. To
 * answer another type, add an entry: its create, read (`X.get`) and look-up (`getX`) follow.
 */
export const OFFLINE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const OFFLINE_TENANT = "00000000-0000-0000-0000-000000000001";
export const DEFAULT_LOCATION = "westeurope";

type Inputs = Record<string, unknown>;

export interface ArmType {
  /** The id, as the REST API writes the resource's path; its last `{parameter}` is the name. */
  path: string;
  /** ARM's `type` in a response, e.g. `Microsoft.Compute/galleries/applications`. */
  armType: string;
  /** Auto-names follow the storage account rule: lower-case letters and digits, at most 24. */
  storageName?: boolean;
  /** What Azure computes, from the properties (names included) and the name. */
  computed?(properties: Inputs, name: string): Inputs;
  /**
   * Required properties ARM reports for a resource the program did not create (read by id or
   * looked up), which a fake cannot know: plausible stand-ins.
   */
  existing?: Inputs;
}

/** Path parameters a program rarely passes: the offline subscription, a stand-in group, a scope. */
const PATH_DEFAULTS: Readonly<Record<string, string>> = {
  subscriptionId: OFFLINE_SUBSCRIPTION,
  resourceGroupName: "rg",
  scope: `/subscriptions/${OFFLINE_SUBSCRIPTION}`,
};

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/{accountName}`;
const CONTAINER = `${ACCOUNT}/blobServices/default/containers/{containerName}`;
const GALLERY = `${RG}/providers/Microsoft.Compute/galleries/{galleryName}`;
const APPLICATION = `${GALLERY}/applications/{galleryApplicationName}`;

export const blobEndpoint = (account: string) => `https://${account}.blob.core.windows.net/`;

export const ARM_TYPES: Readonly<Record<string, ArmType>> = {
  "azure-native:resources:ResourceGroup": {
    path: RG,
    armType: "Microsoft.Resources/resourceGroups",
  },
  "azure-native:storage:StorageAccount": {
    path: ACCOUNT,
    armType: "Microsoft.Storage/storageAccounts",
    storageName: true,
    computed: (properties, name) => ({
      primaryEndpoints: {
        blob: blobEndpoint(name),
        dfs: `https://${name}.dfs.core.windows.net/`,
        file: `https://${name}.file.core.windows.net/`,
        queue: `https://${name}.queue.core.windows.net/`,
        table: `https://${name}.table.core.windows.net/`,
        web: `https://${name}.z6.web.core.windows.net/`,
      },
      primaryLocation: inputText(properties, "location"),
      statusOfPrimary: "available",
      creationTime: "2025-01-01T00:00:00Z",
    }),
  },
  "azure-native:storage:BlobContainer": {
    path: CONTAINER,
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers",
  },
  "azure-native:storage:Blob": {
    path: `${CONTAINER}/blobs/{blobName}`,
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs",
    computed: (properties, name) => ({
      url: `${blobEndpoint(inputText(properties, "accountName") ?? "account")}${inputText(properties, "containerName")}/${name}`,
    }),
  },
  "azure-native:compute:Gallery": {
    path: GALLERY,
    armType: "Microsoft.Compute/galleries",
    // Gallery_Get: "identifier": { "uniqueName": "{subscription-id}-MYGALLERYNAME" }
    computed: (_properties, name) => ({
      identifier: { uniqueName: `${OFFLINE_SUBSCRIPTION}-${name.toUpperCase()}` },
    }),
  },
  "azure-native:compute:GalleryApplication": {
    path: APPLICATION,
    armType: "Microsoft.Compute/galleries/applications",
    // Required in GalleryApplicationProperties; defaultArchiveFormat reads tar.gz from it.
    existing: { supportedOSType: "Linux" },
  },
  "azure-native:compute:GalleryApplicationVersion": {
    path: `${APPLICATION}/versions/{galleryApplicationVersionName}`,
    armType: "Microsoft.Compute/galleries/applications/versions",
    computed: (properties) => {
      const profile = unwrapSecrets(properties.publishingProfile) as
        | { targetRegions?: Array<{ name?: string }> }
        | undefined;
      // Offline nothing replicates: Azure's answer before any region has reported.
      return {
        replicationStatus: {
          aggregatedState: "Unknown",
          summary: (profile?.targetRegions ?? []).map((region) => ({
            region: region.name,
            state: "Unknown",
          })),
        },
      };
    },
  },
  "azure-native:compute:VirtualMachine": {
    path: `${RG}/providers/Microsoft.Compute/virtualMachines/{vmName}`,
    armType: "Microsoft.Compute/virtualMachines",
    computed: (_properties, name) => ({ vmId: uuidFrom(`vm:${name}`) }),
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    path: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}`,
    armType: "Microsoft.Compute/virtualMachineScaleSets",
    computed: (_properties, name) => ({ uniqueId: uuidFrom(`vmss:${name}`) }),
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}`,
    armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
    computed: (_properties, name) => ({
      principalId: uuidFrom(`principal:${name}`),
      clientId: uuidFrom(`client:${name}`),
      tenantId: OFFLINE_TENANT,
    }),
  },
  "azure-native:authorization:RoleAssignment": {
    path: "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
    armType: "Microsoft.Authorization/roleAssignments",
  },
};

/**
 * An azure-native type the table does not know, by azure-native's naming:
 * `azure-native:compute:DiskEncryptionSet` → `Microsoft.Compute/diskEncryptionSets`, named `name`.
 */
export function genericArmType(type: string): ArmType {
  const [, module = "resources", kind = "Resource"] = type.split(":");
  const provider = `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
  const collection = `${kind.charAt(0).toLowerCase()}${kind.slice(1)}s`;
  return {
    path: `${RG}/providers/${provider}/${collection}/{name}`,
    armType: `${provider}/${collection}`,
  };
}

/** The `{parameters}` of a path, in order; the last one names the resource. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/**
 * The id for these names, or "" when one is missing: a name the mock never received is an unknown
 * input (the mock runtime drops them, e.g. the gallery of a component that failed its checks),
 * and the mock monitor reads an empty id as unknown.
 */
export function fillPath(
  path: string,
  names: Readonly<Record<string, string | undefined>>,
): string {
  let incomplete = false;
  const id = path.replace(/\{(\w+)\}/g, (_match, parameter: string) => {
    const value = names[parameter] ?? PATH_DEFAULTS[parameter];
    if (value === undefined) incomplete = true;
    return value ?? "";
  });
  return incomplete ? "" : id;
}

/** The names in an id of this type (ARM ids compare case-insensitively), or undefined. */
export function matchPath(path: string, id: string): Record<string, string> | undefined {
  const parameters = pathParameters(path);
  // A scope is itself an id; every other name is one segment.
  const pattern = path
    .split(/\{\w+\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .reduce(
      (regex, literal, i) =>
        `${regex}${parameters[i - 1] === "scope" ? "(.+)" : "([^/]+)"}${literal}`,
    );
  const match = new RegExp(`^${pattern}$`, "i").exec(id);
  if (!match) return undefined;
  return Object.fromEntries(parameters.map((parameter, i) => [parameter, match[i + 1] as string]));
}
