import { defaultBlobName } from "../../staging/names";
import { DEFAULT_SAS_VALID_DAYS } from "../../staging/sas/rules";
import {
  ARM_TYPES,
  type ArmType,
  blobEndpoint,
  fillPath,
  genericArmType,
  matchPath,
  OFFLINE_SUBSCRIPTION,
  OFFLINE_TENANT,
  pathParameters,
} from "./armTypes";
import type { DescribedSource } from "./describe";
import { answerRandom, digest, uuidFrom } from "./random";
import { inputText, secretWire, unwrapSecrets } from "./values";

export { ARM_TYPES, DEFAULT_LOCATION, OFFLINE_SUBSCRIPTION, OFFLINE_TENANT } from "./armTypes";

/**
 * The one fake Azure Resource Manager, behind both `vmapps plan` (engine.ts) and the component
 * tests (tests/components/harness.ts), so the two cannot disagree. It answers what ARM and the
 * random provider would return, so a run resolves every output a program reads:
 * - a created resource: an ARM-shaped id, its inputs echoed, and what Azure computes
 *   (armTypes.ts, a table keyed by type token);
 * - a resource read by id (`Gallery.get`) or looked up (`getGallery`): ARM's GET response, with
 *   its `properties` flattened as azure-native returns them;
 * - @pulumi/random (random.ts) and the package's own dynamic resources (StagedBlob).
 * Deterministic: the same program gives the same plan, which keeps CI diffs quiet.
 */

type Inputs = Record<string, unknown>;

export interface Answer {
  id: string;
  state: Inputs;
}

export interface AnswerContext {
  /**
   * `azure-native:location` from config: used where a resource names no location, and as the
   * location of resources the program did not create (which a fake cannot know).
   */
  defaultLocation: string;
}

export interface ResourceContext extends AnswerContext {
  describe: SourceDescriber;
  /** The id of a resource read (`X.get`) or imported, as the engine passes it; else empty. */
  id?: string;
}

/** What staging would report for a source; the plan computes it from disk (describe.ts). */
export type SourceDescriber = (
  source: string,
  archiveFormat: string | undefined,
  blobType: string,
) => Promise<DescribedSource>;

/** Not an API version ARM knows: marks every answer as the fake's. */
const API_VERSION = "offline";

/** azure-native auto-names a resource from its logical name plus a random suffix. */
function autoName(logicalName: string, type: string, maxLength = 80, alnumLower = false): string {
  const suffix = digest(`${type}::${logicalName}`, 8);
  const base = alnumLower ? logicalName.toLowerCase().replace(/[^a-z0-9]/g, "") : logicalName;
  return base.slice(0, maxLength - suffix.length) + suffix;
}

function armTypeOf(type: string): ArmType {
  return ARM_TYPES[type] ?? genericArmType(type);
}

function nameParameter(armType: ArmType): string {
  return pathParameters(armType.path).at(-1) ?? "name";
}

/** The path parameters given as text, e.g. { resourceGroupName, galleryName }. */
function pathNames(armType: ArmType, inputs: Inputs): Record<string, string | undefined> {
  return Object.fromEntries(
    pathParameters(armType.path).map((parameter) => [parameter, inputText(inputs, parameter)]),
  );
}

function createAzure(type: string, logicalName: string, inputs: Inputs, ctx: AnswerContext) {
  const armType = armTypeOf(type);
  const nameInput = nameParameter(armType);
  const name =
    inputText(inputs, nameInput) ??
    autoName(logicalName, type, armType.storageName ? 24 : 80, armType.storageName);
  const named = { ...inputs, [nameInput]: name, location: locationOf(inputs, ctx) };
  return {
    id: fillPath(armType.path, pathNames(armType, named)),
    state: {
      ...named,
      name,
      type: armType.armType,
      provisioningState: "Succeeded",
      azureApiVersion: API_VERSION,
      ...armType.computed?.(named, name),
    },
  };
}

function locationOf(inputs: Inputs, ctx: AnswerContext): string {
  return inputText(inputs, "location") ?? ctx.defaultLocation;
}

/** ARM's GET response for an existing resource of this type, flattened as azure-native does. */
function existingState(armType: ArmType, names: Inputs, location: string): Inputs {
  const name = String(names[nameParameter(armType)]);
  const properties = { ...names, location };
  return {
    name,
    type: armType.armType,
    location,
    provisioningState: "Succeeded",
    azureApiVersion: API_VERSION,
    ...armType.existing,
    ...armType.computed?.(properties, name),
  };
}

/** `X.get(name, id)`: the resource as ARM's GET returns it, under the id it was read by. */
function readAzure(type: string, id: string, inputs: Inputs, ctx: AnswerContext): Answer {
  const armType = armTypeOf(type);
  const names = matchPath(armType.path, id) ?? { [nameParameter(armType)]: id.split("/").pop() };
  return { id, state: { ...inputs, ...existingState(armType, names, locationOf(inputs, ctx)) } };
}

/** `getGallery` → `Gallery`: azure-native names each look-up after its resource. */
const LOOK_UPS = new Map(
  Object.keys(ARM_TYPES).map((type) => [type.replace(/:(\w+)$/, ":get$1"), type]),
);

function lookUp(type: string, args: Inputs, ctx: AnswerContext): Inputs {
  const armType = armTypeOf(type);
  const names = pathNames(armType, args);
  return {
    id: fillPath(armType.path, names),
    ...existingState(armType, names, locationOf(args, ctx)),
  };
}

/** Provider functions other than look-ups that a Pulumi program commonly calls. */
const FUNCTIONS: Readonly<Record<string, () => Inputs>> = {
  "azure-native:authorization:getClientConfig": () => ({
    clientId: uuidFrom("client"),
    objectId: uuidFrom("object"),
    subscriptionId: OFFLINE_SUBSCRIPTION,
    tenantId: OFFLINE_TENANT,
  }),
  "azure-native:storage:listStorageAccountKeys": () => ({
    keys: [
      { keyName: "key1", permissions: "FULL", value: secretWire("b2ZmbGluZS1rZXk=") },
      { keyName: "key2", permissions: "FULL", value: secretWire("b2ZmbGluZS1rZXk=") },
    ],
  }),
  "azure-native:storage:listStorageAccountServiceSAS": () => ({
    serviceSasToken: secretWire("sv=offline&sig=offline"),
  }),
  "azure-native:storage:listStorageAccountSAS": () => ({
    accountSasToken: secretWire("sv=offline&sig=offline"),
  }),
};

/**
 * The package's dynamic resources (`pulumi-nodejs:dynamic/…`). A StagedBlob answers what the
 * staging engine would report after an upload, from the described source, uploading nothing;
 * the others (VersionGuard) echo their inputs, as their providers do.
 */
async function answerDynamic(
  name: string,
  inputs: Inputs,
  describe: SourceDescriber,
): Promise<Answer> {
  const { __provider: _provider, ...rest } = inputs;
  const source = inputText(rest, "source");
  const container = inputText(rest, "containerName");
  if (!source || !container) return { id: digest(`dynamic::${name}`, 16), state: rest };
  const blobType = inputText(rest, "blobType") ?? "block";
  const described = await describe(source, inputText(rest, "archiveFormat"), blobType);
  const blobName =
    inputText(rest, "blobName") ?? defaultBlobName(described.sha256, described.fileName);
  const endpoint = (
    inputText(rest, "blobEndpoint") ?? blobEndpoint(inputText(rest, "accountName") ?? "account")
  ).replace(/\/?$/, "/");
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

/** The engine's answer to a registered (or read) resource. */
export function answerResource(
  type: string,
  name: string,
  inputs: Inputs,
  ctx: ResourceContext,
): Answer | Promise<Answer> {
  if (ctx.id) {
    if (type.startsWith("azure-native:")) return readAzure(type, ctx.id, inputs, ctx);
    return { id: ctx.id, state: inputs };
  }
  if (type.startsWith("azure-native:")) return createAzure(type, name, inputs, ctx);
  if (type.startsWith("random:")) return answerRandom(type, name, inputs);
  if (type.startsWith("pulumi-nodejs:")) return answerDynamic(name, inputs, ctx.describe);
  if (type.startsWith("pulumi:providers:"))
    return { id: `${name}-offline-provider`, state: inputs };
  // Components and anything else: echo, as the engine would for a component's own inputs.
  return { id: `${name}-${digest(`${type}::${name}`, 8)}`, state: inputs };
}

/** The engine's answer to a provider function: a look-up (`getX`), a listing, or an echo. */
export function answerCall(token: string, inputs: Inputs, ctx: AnswerContext): Inputs {
  const args = unwrapSecrets(inputs) as Inputs;
  const type = LOOK_UPS.get(token);
  if (type !== undefined) return lookUp(type, args, ctx);
  return FUNCTIONS[token]?.() ?? args;
}
