/**
 * Mocked engine for component tests. `pulumi.runtime.setMocks` stands in for Azure Resource
 * Manager only, answered by the fake ARM that `vmapps plan` uses too
 * (sdk/cli/offline/fakeArm.ts), so the tests and the plan cannot disagree; everything else
 * (validation, planning, the components) is the real code.
 *
 * Each test calls `freshRuntime()`, which installs new mocks and wraps the mock monitor so that
 * every registration is captured as the engine would receive it: type, name, parent, explicit
 * dependencies, resource options (protect, replaceOnChanges, deleteBeforeReplace,
 * additionalSecretOutputs) and the serialized inputs with their secret markers.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import * as settings from "@pulumi/pulumi/runtime/settings";
import {
  answerCall,
  answerResource,
  DEFAULT_LOCATION,
  OFFLINE_SUBSCRIPTION,
  type SourceDescriber,
} from "../../sdk/cli/offline/fakeArm";
import { SECRET_SIG, SIG_KEY, unwrapSecrets } from "../../sdk/cli/offline/values";
import { stagedFileName } from "../../sdk/staging/source/formats";

/** Internal to the SDK (not in its typings): resolves when the RPC queue has drained. */
const waitForRPCs = (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

export const SUBSCRIPTION = OFFLINE_SUBSCRIPTION;
export { SECRET_SIG };
export const SECRET_SIG_KEY = SIG_KEY;
export const SAS_QUERY =
  "sv=2024-11-04&se=2030-01-31T00%3A00%3A00Z&sr=b&sp=r&sig=c2VjcmV0c2lnbmF0dXJl";

/** The digest every staged package reports here: sources are never read, blob names predictable. */
export const STAGED_SHA256 = "ab".repeat(32);
const describe: SourceDescriber = async (source, archiveFormat) => ({
  fileName: stagedFileName(source, archiveFormat),
  size: 4096,
  sha256: STAGED_SHA256,
  md5: "q83vEjRWeJA=",
});

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
  /** A per-test answer to a resource; return undefined to keep the fake ARM's. */
  state?: (args: MockResourceArgs) => Record<string, unknown> | undefined;
  /** A per-test answer to a provider function, given the fake ARM's; undefined keeps it. */
  call?: (
    args: MockCallArgs,
    answer: Record<string, unknown>,
  ) => Record<string, unknown> | undefined;
}

export async function freshRuntime(options: RuntimeOptions = {}): Promise<Harness> {
  const resources: Captured[] = [];
  const componentOutputs = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const answer = await answerResource(args.type, args.name, args.inputs, {
          defaultLocation: DEFAULT_LOCATION,
          describe,
          id: args.id,
        });
        return { id: answer.id, state: options.state?.(args) ?? answer.state };
      },
      call: (args) => {
        const answer = answerCall(args.token, args.inputs, { defaultLocation: DEFAULT_LOCATION });
        return options.call?.(args, answer) ?? answer;
      },
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

/**
 * A `call` hook: what the program looks up lives in `location`. Azure knows where an existing
 * resource is; the fake ARM answers the default location, which would not show where a value
 * came from.
 */
export function existingIn(location: string): RuntimeOptions["call"] {
  return (_args, answer) => ("location" in answer ? { ...answer, location } : undefined);
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
