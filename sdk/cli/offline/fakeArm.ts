import { createHash } from "node:crypto";
import { defaultBlobName } from "../../staging/names";
import { DEFAULT_SAS_VALID_DAYS } from "../../staging/sas/rules";
import type { DescribedSource } from "./describe";
import { secretWire, unwrapSecrets } from "./values";

/**
 * Plausible answers for what Azure Resource Manager and the random provider would return, so an
 * offline run resolves every output a program reads: ARM-shaped ids, echoed inputs, and what each
 * type computes (endpoints, generated names, random results). Deterministic: the same program
 * gives the same plan, which keeps CI diffs quiet.
 */
export const OFFLINE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const OFFLINE_TENANT = "00000000-0000-0000-0000-000000000001";
export const DEFAULT_LOCATION = "westeurope";

type Inputs = Record<string, unknown>;

export interface Answer {
  id: string;
  state: Inputs;
}

export interface AnswerContext {
  /** `azure-native:location` from config, used where a resource names no location. */
  defaultLocation: string;
}

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function text(inputs: Inputs, key: string): string | undefined {
  const value = unwrapSecrets(inputs[key]);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** azure-native auto-names a resource from its logical name plus a random suffix. */
function autoName(logicalName: string, type: string, maxLength = 80, alnumLower = false): string {
  const suffix = digest(`${type}::${logicalName}`, 8);
  const base = alnumLower ? logicalName.toLowerCase().replace(/[^a-z0-9]/g, "") : logicalName;
  return base.slice(0, maxLength - suffix.length) + suffix;
}

const rgPath = (inputs: Inputs) =>
  `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/${text(inputs, "resourceGroupName") ?? "rg"}`;

interface ArmType {
  /** The input that carries the ARM name; absent means auto-named. */
  nameInput: string;
  armType: string;
  id(inputs: Inputs, name: string): string;
  computed?(inputs: Inputs, name: string): Inputs;
  storageName?: boolean;
}

const storageAccount = (inputs: Inputs) =>
  `${rgPath(inputs)}/providers/Microsoft.Storage/storageAccounts/${text(inputs, "accountName")}`;
const gallery = (inputs: Inputs) =>
  `${rgPath(inputs)}/providers/Microsoft.Compute/galleries/${text(inputs, "galleryName")}`;

const blobEndpoint = (account: string) => `https://${account}.blob.core.windows.net/`;

const armTypes: Record<string, ArmType> = {
  "azure-native:resources:ResourceGroup": {
    nameInput: "resourceGroupName",
    armType: "Microsoft.Resources/resourceGroups",
    id: (_inputs, name) => `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/${name}`,
  },
  "azure-native:storage:StorageAccount": {
    nameInput: "accountName",
    armType: "Microsoft.Storage/storageAccounts",
    storageName: true,
    id: (inputs, name) => `${rgPath(inputs)}/providers/Microsoft.Storage/storageAccounts/${name}`,
    computed: (inputs, name) => ({
      primaryEndpoints: {
        blob: blobEndpoint(name),
        dfs: `https://${name}.dfs.core.windows.net/`,
        file: `https://${name}.file.core.windows.net/`,
        queue: `https://${name}.queue.core.windows.net/`,
        table: `https://${name}.table.core.windows.net/`,
        web: `https://${name}.z6.web.core.windows.net/`,
      },
      primaryLocation: text(inputs, "location"),
      statusOfPrimary: "available",
      creationTime: "2025-01-01T00:00:00Z",
    }),
  },
  "azure-native:storage:BlobContainer": {
    nameInput: "containerName",
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers",
    id: (inputs, name) => `${storageAccount(inputs)}/blobServices/default/containers/${name}`,
  },
  "azure-native:storage:Blob": {
    nameInput: "blobName",
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs",
    id: (inputs, name) =>
      `${storageAccount(inputs)}/blobServices/default/containers/${text(inputs, "containerName")}/blobs/${name}`,
    computed: (inputs, name) => ({
      url: `${blobEndpoint(text(inputs, "accountName") ?? "account")}${text(inputs, "containerName")}/${name}`,
    }),
  },
  "azure-native:compute:Gallery": {
    nameInput: "galleryName",
    armType: "Microsoft.Compute/galleries",
    id: (inputs, name) => `${rgPath(inputs)}/providers/Microsoft.Compute/galleries/${name}`,
    computed: (_inputs, name) => ({
      identifier: { uniqueName: `${OFFLINE_SUBSCRIPTION}-${name.toUpperCase()}` },
    }),
  },
  "azure-native:compute:GalleryApplication": {
    nameInput: "galleryApplicationName",
    armType: "Microsoft.Compute/galleries/applications",
    id: (inputs, name) => `${gallery(inputs)}/applications/${name}`,
  },
  "azure-native:compute:GalleryApplicationVersion": {
    nameInput: "galleryApplicationVersionName",
    armType: "Microsoft.Compute/galleries/applications/versions",
    id: (inputs, name) =>
      `${gallery(inputs)}/applications/${text(inputs, "galleryApplicationName")}/versions/${name}`,
    computed: (inputs) => {
      const profile = unwrapSecrets(inputs.publishingProfile) as
        | { targetRegions?: Array<{ name?: string }> }
        | undefined;
      return {
        replicationStatus: {
          aggregatedState: "Completed",
          summary: (profile?.targetRegions ?? []).map((region) => ({
            region: region.name,
            state: "Completed",
            progress: 100,
          })),
        },
      };
    },
  },
  "azure-native:compute:VirtualMachine": {
    nameInput: "vmName",
    armType: "Microsoft.Compute/virtualMachines",
    id: (inputs, name) => `${rgPath(inputs)}/providers/Microsoft.Compute/virtualMachines/${name}`,
    computed: (_inputs, name) => ({ vmId: uuidFrom(`vm:${name}`) }),
  },
  "azure-native:compute:VirtualMachineScaleSet": {
    nameInput: "vmScaleSetName",
    armType: "Microsoft.Compute/virtualMachineScaleSets",
    id: (inputs, name) =>
      `${rgPath(inputs)}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    computed: (_inputs, name) => ({ uniqueId: uuidFrom(`vmss:${name}`) }),
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    nameInput: "resourceName",
    armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
    id: (inputs, name) =>
      `${rgPath(inputs)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    computed: (_inputs, name) => ({
      principalId: uuidFrom(`principal:${name}`),
      clientId: uuidFrom(`client:${name}`),
      tenantId: OFFLINE_TENANT,
    }),
  },
  "azure-native:authorization:RoleAssignment": {
    nameInput: "roleAssignmentName",
    armType: "Microsoft.Authorization/roleAssignments",
    id: (inputs, name) =>
      `${text(inputs, "scope") ?? `/subscriptions/${OFFLINE_SUBSCRIPTION}`}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  },
};

function uuidFrom(seed: string): string {
  const hex = digest(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `azure-native:compute:DiskEncryptionSet` → `Microsoft.Compute/diskEncryptionSets`. */
function genericArmType(type: string): { module: string; collection: string } {
  const [, module = "resources", kind = "Resource"] = type.split(":");
  const provider = module.charAt(0).toUpperCase() + module.slice(1);
  return {
    module: `Microsoft.${provider}`,
    collection: `${kind.charAt(0).toLowerCase()}${kind.slice(1)}s`,
  };
}

/**
 * An id with a segment the mock never received: an unknown input (the mock runtime drops them),
 * e.g. the name of a gallery whose component failed its checks. Its id is unknown too; the mock
 * monitor reads an empty id as unknown.
 */
function unlessIncomplete(id: string): string {
  return /\/undefined(\/|$)/.test(id) ? "" : id;
}

function answerAzure(
  type: string,
  logicalName: string,
  inputs: Inputs,
  ctx: AnswerContext,
): Answer {
  const known = armTypes[type];
  const location = text(inputs, "location") ?? ctx.defaultLocation;
  if (known) {
    const name =
      text(inputs, known.nameInput) ??
      autoName(logicalName, type, known.storageName ? 24 : 80, known.storageName);
    const named = { ...inputs, [known.nameInput]: name, location };
    return {
      id: unlessIncomplete(known.id(named, name)),
      state: {
        ...named,
        name,
        type: known.armType,
        provisioningState: "Succeeded",
        azureApiVersion: "offline",
        ...known.computed?.(named, name),
      },
    };
  }
  const { module, collection } = genericArmType(type);
  const name = text(inputs, "name") ?? autoName(logicalName, type);
  return {
    id: unlessIncomplete(`${rgPath(inputs)}/providers/${module}/${collection}/${name}`),
    state: {
      ...inputs,
      name,
      location,
      type: `${module}/${collection}`,
      provisioningState: "Succeeded",
    },
  };
}

const alphabet = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numeric: "0123456789",
  special: "!#$%&*()-_=+[]{}<>:?",
};

/** A random provider result that honours the requested length and character classes. */
function randomText(seed: string, inputs: Inputs): string {
  const length = Number(unwrapSecrets(inputs.length) ?? 16);
  const enabled = (key: keyof typeof alphabet) => unwrapSecrets(inputs[key]) !== false;
  const chars =
    (enabled("lower") ? alphabet.lower : "") +
    (enabled("upper") ? alphabet.upper : "") +
    (enabled("numeric") ? alphabet.numeric : "") +
    (enabled("special") ? alphabet.special : "");
  const pool = chars || alphabet.lower;
  const bytes = createHash("sha512").update(seed).digest();
  let result = "";
  for (let i = 0; i < length; i++) result += pool[(bytes[i % bytes.length] ?? 0) % pool.length];
  return result;
}

function answerRandom(type: string, name: string, inputs: Inputs): Answer {
  const seed = `${type}::${name}`;
  const id = digest(seed, 16);
  switch (type) {
    case "random:index/randomString:RandomString":
      return { id, state: { ...inputs, result: randomText(seed, inputs) } };
    case "random:index/randomPassword:RandomPassword":
      return {
        id,
        state: {
          ...inputs,
          result: secretWire(randomText(seed, inputs)),
          bcryptHash: secretWire("offline"),
        },
      };
    case "random:index/randomId:RandomId": {
      const bytes = Number(unwrapSecrets(inputs.byteLength) ?? 8);
      const buffer = createHash("sha256").update(seed).digest().subarray(0, bytes);
      const prefix = text(inputs, "prefix") ?? "";
      return {
        id,
        state: {
          ...inputs,
          hex: prefix + buffer.toString("hex"),
          b64Url: prefix + buffer.toString("base64url"),
          b64Std: prefix + buffer.toString("base64"),
          dec: prefix + BigInt(`0x${buffer.toString("hex") || "0"}`).toString(),
        },
      };
    }
    case "random:index/randomPet:RandomPet": {
      const pet = ["calm-otter", "brave-lynx", "quick-heron"][
        Number.parseInt(id.slice(0, 2), 16) % 3
      ];
      const prefix = text(inputs, "prefix");
      return { id: prefix ? `${prefix}-${pet}` : `${pet}`, state: { ...inputs } };
    }
    case "random:index/randomUuid:RandomUuid":
      return { id: uuidFrom(seed), state: { ...inputs, result: uuidFrom(seed) } };
    case "random:index/randomInteger:RandomInteger":
      return { id, state: { ...inputs, result: Number(unwrapSecrets(inputs.min) ?? 0) } };
    default:
      return { id, state: { ...inputs } };
  }
}

/**
 * The staging engine's dynamic resource: what it would report after an upload, computed from the
 * source on disk (see describeSource) without uploading anything.
 */
async function answerDynamic(
  name: string,
  inputs: Inputs,
  describe: SourceDescriber,
): Promise<Answer> {
  const { __provider: _provider, ...rest } = inputs;
  const source = text(rest, "source");
  const account = text(rest, "accountName");
  const container = text(rest, "containerName");
  if (!source || !container) return { id: digest(`dynamic::${name}`, 16), state: rest };
  const blobType = text(rest, "blobType") ?? "block";
  const described = await describe(source, text(rest, "archiveFormat"), blobType);
  const blobName = text(rest, "blobName") ?? defaultBlobName(described.sha256, described.fileName);
  const endpoint = (text(rest, "blobEndpoint") ?? blobEndpoint(account ?? "account")).replace(
    /\/?$/,
    "/",
  );
  const url = `${endpoint}${container}/${blobName}`;
  const validDays = Number(unwrapSecrets(rest.sasValidForDays) ?? DEFAULT_SAS_VALID_DAYS);
  return {
    id: url,
    state: {
      ...rest,
      url,
      blobName,
      sha256: described.sha256,
      md5: described.md5,
      size: described.size,
      blobType,
      sasUrl: secretWire(`${url}?sv=offline&sp=r&spr=https&sig=offline`),
      sasExpiresOn: new Date(Date.now() + validDays * 86_400_000).toISOString(),
    },
  };
}

export type SourceDescriber = (
  source: string,
  archiveFormat: string | undefined,
  blobType: string,
) => Promise<DescribedSource>;

export function answerResource(
  type: string,
  name: string,
  inputs: Inputs,
  ctx: AnswerContext & { describe: SourceDescriber },
): Answer | Promise<Answer> {
  if (type.startsWith("azure-native:")) return answerAzure(type, name, inputs, ctx);
  if (type.startsWith("random:")) return answerRandom(type, name, inputs);
  if (type.startsWith("pulumi-nodejs:")) return answerDynamic(name, inputs, ctx.describe);
  if (type.startsWith("pulumi:providers:"))
    return { id: `${name}-offline-provider`, state: inputs };
  // Components and anything else: echo, as the engine would for a component's own inputs.
  return { id: `${name}-${digest(`${type}::${name}`, 8)}`, state: inputs };
}

/** Provider functions a Pulumi program commonly calls before it can declare resources. */
export function answerCall(token: string, inputs: Inputs, ctx: AnswerContext): Inputs {
  const args = unwrapSecrets(inputs) as Inputs;
  switch (token) {
    case "azure-native:authorization:getClientConfig":
      return {
        clientId: uuidFrom("client"),
        objectId: uuidFrom("object"),
        subscriptionId: OFFLINE_SUBSCRIPTION,
        tenantId: OFFLINE_TENANT,
      };
    case "azure-native:resources:getResourceGroup":
      return {
        id: `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/${args.resourceGroupName}`,
        name: args.resourceGroupName,
        location: ctx.defaultLocation,
      };
    case "azure-native:storage:listStorageAccountKeys":
      return {
        keys: [
          { keyName: "key1", permissions: "FULL", value: secretWire("b2ZmbGluZS1rZXk=") },
          { keyName: "key2", permissions: "FULL", value: secretWire("b2ZmbGluZS1rZXk=") },
        ],
      };
    case "azure-native:storage:listStorageAccountServiceSAS":
      return { serviceSasToken: secretWire("sv=offline&sig=offline") };
    case "azure-native:storage:listStorageAccountSAS":
      return { accountSasToken: secretWire("sv=offline&sig=offline") };
    default:
      return args;
  }
}
