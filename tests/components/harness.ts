/**
 * Mocked engine for component tests. `pulumi.runtime.setMocks` stands in for Azure Resource
 * Manager only; everything else (validation, planning, the components) is the real code.
 *
 * Each test calls `freshRuntime()`, which installs new mocks and wraps the mock monitor so that
 * every registration is captured as the engine would receive it: type, name, parent, explicit
 * dependencies, resource options (protect, replaceOnChanges, deleteBeforeReplace,
 * additionalSecretOutputs) and the serialized inputs with their secret markers.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** Internal to the SDK (not in its typings): resolves when the RPC queue has drained. */
const waitForRPCs = (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SAS_QUERY =
  "sv=2024-11-04&se=2030-01-31T00%3A00%3A00Z&sr=b&sp=r&sig=c2VjcmV0c2lnbmF0dXJl";

/** Resource types the components register, as the engine sees them. */
export const VERSION = "azure-native:compute:GalleryApplicationVersion";
export const STAGED = "pulumi-nodejs:dynamic/vmapps:StagedBlob";
export const GUARD = "pulumi-nodejs:dynamic/vmapps:VersionGuard";
export const SCALE_SET = "azure-native:compute:VirtualMachineScaleSet";
/** An application managed outside the program, adopted by id. */
export const APP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ext/providers/Microsoft.Compute/galleries/gal/applications/agent`;

export interface Captured {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  /** True for `Resource.get` (adoption by id): read, never created. */
  read: boolean;
  /** The id a read resource was looked up by. */
  readId?: string;
  /** Inputs with secrets unwrapped, as a provider would receive them. */
  inputs: Record<string, unknown>;
  /** Inputs as serialized for the engine, secrets still wrapped in their marker objects. */
  wire: Record<string, unknown>;
  parent: string;
  dependencies: string[];
  protect: boolean;
  replaceOnChanges: string[];
  deleteBeforeReplace: boolean;
  additionalSecretOutputs: string[];
}

export interface Harness {
  resources: Captured[];
  /** Outputs passed to registerOutputs, per component URN, secrets still wrapped. */
  componentOutputs: Map<string, Record<string, unknown>>;
  ofType(type: string): Captured[];
  one(type: string): Captured;
  byUrn(urn: string): Captured;
  /** Waits until every registration and apply has reached the mock engine. */
  settle(): Promise<void>;
}

export interface RuntimeOptions {
  preview?: boolean;
  /** Extra per-test answers; return undefined to fall back to the defaults below. */
  state?: (args: MockResourceArgs) => Record<string, unknown> | undefined;
  /** Per-test answers to provider functions; undefined falls back to the defaults below. */
  call?: (args: MockCallArgs) => Record<string, unknown> | undefined;
}

export async function freshRuntime(options: RuntimeOptions = {}): Promise<Harness> {
  const resources: Captured[] = [];
  const componentOutputs = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const state = options.state?.(args) ?? defaultState(args);
        return { id: args.id || idFor(args, state), state };
      },
      call: (args) => options.call?.(args) ?? defaultCall(args),
    },
    "vmapps",
    "test",
    options.preview ?? false,
  );

  const monitor = settings.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    register(req, (err, response) => {
      if (!err && response) resources.push(capture(req, response.getUrn(), false));
      callback(err, response);
    });
  };
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) => {
    read(req, (err, response) => {
      if (!err && response) resources.push(captureRead(req, response.getUrn()));
      callback(err, response);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, callback) => {
    componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    registerOutputs(req, callback);
  };

  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    componentOutputs,
    ofType,
    one(type) {
      const found = ofType(type);
      if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name)}`);
      }
      return found[0] as Captured;
    },
    byUrn(urn) {
      const found = resources.find((r) => r.urn === urn);
      if (!found) throw new Error(`no resource ${urn}`);
      return found;
    },
    settle: async () => {
      // Registrations chain on applies; drain until the queue stays empty across a tick.
      for (let round = 0; round < 3; round++) {
        await waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** Value of an Output in a test; rejects (instead of hanging) when the value is unknown. */
export async function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  const internal = output as unknown as { promise(): Promise<T>; isKnown: Promise<boolean> };
  const [value, isKnown] = await Promise.all([internal.promise(), internal.isKnown]);
  if (!isKnown) throw new Error("the output is unknown");
  return value;
}

/**
 * Runs `body` with the failures a real run would report (unhandled rejections of registrations
 * waiting on a refused value) collected instead of failing the test run.
 */
export async function rejectionsDuring(body: () => void, until: (errors: unknown[]) => boolean) {
  const caught: unknown[] = [];
  const saved = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const collect = (reason: unknown) => caught.push(reason);
  process.on("unhandledRejection", collect);
  try {
    body();
    for (let waited = 0; !until(caught) && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Registrations that were waiting on the check settle now, or never.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    process.removeListener("unhandledRejection", collect);
    for (const listener of saved) process.on("unhandledRejection", listener);
  }
  return caught;
}

/** Every string in the wire form that is not inside a secret marker, with its path. */
export function plainStrings(value: unknown, path = ""): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => plainStrings(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return [];
    return Object.entries(record).flatMap(([key, item]) => plainStrings(item, `${path}.${key}`));
  }
  return [];
}

/** Names of the top-level inputs that are wrapped as secrets on the wire. */
export function secretPaths(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretPaths(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return [path];
    return Object.entries(record).flatMap(([key, item]) => secretPaths(item, `${path}.${key}`));
  }
  return [];
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getDependenciesList(): string[];
  getProtect(): boolean;
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getAdditionalsecretoutputsList(): string[];
}

interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getId(): string;
  getProperties(): Struct | undefined;
  getDependenciesList(): string[];
}

type Callback<T> = (err: Error | null, response?: T) => void;

interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback<{ getUrn(): string }>): void;
  readResource(req: ReadRequest, callback: Callback<{ getUrn(): string }>): void;
  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): Struct | undefined },
    callback: Callback<unknown>,
  ): void;
}

function capture(req: RegisterRequest, urn: string, read: boolean): Captured {
  const wire = req.getObject()?.toJavaScript() ?? {};
  return {
    type: req.getType(),
    name: req.getName(),
    urn,
    custom: req.getCustom(),
    read,
    inputs: unwrapSecrets(wire) as Record<string, unknown>,
    wire,
    parent: req.getParent(),
    dependencies: req.getDependenciesList(),
    protect: req.getProtect(),
    replaceOnChanges: req.getReplaceonchangesList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
}

function captureRead(req: ReadRequest, urn: string): Captured {
  const wire = req.getProperties()?.toJavaScript() ?? {};
  return {
    type: req.getType(),
    name: req.getName(),
    urn,
    custom: true,
    read: true,
    readId: req.getId(),
    inputs: unwrapSecrets(wire) as Record<string, unknown>,
    wire,
    parent: req.getParent(),
    dependencies: req.getDependenciesList(),
    protect: false,
    replaceOnChanges: [],
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
  };
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

const LOCATION = "westeurope";

function lastSegment(id: string | undefined): string | undefined {
  return id?.split("/").pop();
}

/** What Azure would answer, reduced to the outputs the components read. */
function defaultState(args: MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const location = (inputs.location as string | undefined) ?? LOCATION;
  switch (args.type) {
    case "azure-native:resources:ResourceGroup":
      return { ...inputs, name: inputs.resourceGroupName ?? args.name, location };
    case "random:index/randomString:RandomString":
      return { ...inputs, result: "k3q9x2m7".slice(0, Number(inputs.length ?? 8)) };
    case "azure-native:storage:StorageAccount": {
      const name = (inputs.accountName as string | undefined) ?? lastSegment(args.id) ?? args.name;
      return {
        ...inputs,
        name,
        location,
        primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` },
      };
    }
    case "azure-native:storage:BlobContainer":
      return { ...inputs, name: inputs.containerName ?? args.name };
    case "azure-native:compute:Gallery":
      return { ...inputs, name: inputs.galleryName ?? lastSegment(args.id) ?? args.name, location };
    case "azure-native:compute:GalleryApplication":
      return { ...inputs, name: inputs.galleryApplicationName ?? args.name, location };
    case "azure-native:compute:GalleryApplicationVersion":
      return { ...inputs, name: inputs.galleryApplicationVersionName ?? args.name, location };
    case "pulumi-nodejs:dynamic/vmapps:StagedBlob":
      return stagedBlobState(inputs);
    default:
      return { ...inputs };
  }
}

/** A StagedBlob's outputs: a content-addressed blob and a SAS URL on it. */
function stagedBlobState(inputs: Record<string, unknown>): Record<string, unknown> {
  const endpoint =
    (inputs.blobEndpoint as string | undefined) ??
    `https://${inputs.accountName}.blob.core.windows.net/`;
  const file = String(inputs.source).split("/").pop();
  const blobName = (inputs.blobName as string | undefined) ?? `${"ab".repeat(32)}/${file}`;
  const url = `${endpoint.replace(/\/$/, "")}/${inputs.containerName}/${blobName}`;
  return {
    ...inputs,
    url,
    blobName,
    sha256: "ab".repeat(32),
    md5: "q83vEjRWeJA=",
    size: 4096,
    blobType: inputs.blobType ?? "block",
    sasUrl: `${url}?${SAS_QUERY}`,
    sasExpiresOn: "2030-01-31T00:00:00Z",
  };
}

function idFor(args: MockResourceArgs, state: Record<string, unknown>): string {
  const inputs = args.inputs as Record<string, unknown>;
  const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName ?? state.name}`;
  switch (args.type) {
    case "azure-native:resources:ResourceGroup":
      return rg;
    case "azure-native:storage:StorageAccount":
      return `${rg}/providers/Microsoft.Storage/storageAccounts/${state.name}`;
    case "azure-native:storage:BlobContainer":
      return `${rg}/providers/Microsoft.Storage/storageAccounts/${inputs.accountName}/blobServices/default/containers/${state.name}`;
    case "azure-native:compute:Gallery":
      return `${rg}/providers/Microsoft.Compute/galleries/${state.name}`;
    case "azure-native:compute:GalleryApplication":
      return `${rg}/providers/Microsoft.Compute/galleries/${inputs.galleryName}/applications/${state.name}`;
    case "azure-native:compute:GalleryApplicationVersion":
      return `${rg}/providers/Microsoft.Compute/galleries/${inputs.galleryName}/applications/${inputs.galleryApplicationName}/versions/${state.name}`;
    default:
      return `${args.name}-id`;
  }
}

function defaultCall(args: MockCallArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.token) {
    case "azure-native:compute:getGallery":
      return { name: inputs.galleryName, location: "northeurope" };
    case "azure-native:compute:getGalleryApplication":
      return {
        name: inputs.galleryApplicationName,
        location: "northeurope",
        supportedOSType: "Linux",
      };
    case "azure-native:compute:getGalleryApplicationVersion":
      // Read with $expand=ReplicationStatus: replicated where the version was created.
      return {
        name: inputs.galleryApplicationVersionName,
        replicationStatus: {
          aggregatedState: "Completed",
          summary: [{ region: "West Europe", state: "Completed", progress: 100, details: "" }],
        },
      };
    default:
      return {};
  }
}
