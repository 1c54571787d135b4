import { dirname } from "node:path";
import type { Problem } from "../../core";
import { PROBLEM_SINK_KEY } from "../../core/shared/problems";
import { CliError } from "../errors";
import { describeSource } from "./describe";
import { answerCall, answerResource, DEFAULT_LOCATION } from "./fakeArm";
import { dedupe, problemsFromError, reportedProblem, warningProblem } from "./programProblems";
import type { PulumiProject } from "./project";
import { redact } from "./values";

/** One resource the program declared, with secrets already replaced by REDACTED. */
export interface OfflineResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  id?: string;
  inputs: Record<string, unknown>;
  /** For custom resources the answered state; for components what they registered as outputs. */
  outputs: Record<string, unknown>;
}

export interface OfflineRun {
  project: string;
  stack: string;
  resources: OfflineResource[];
  stackOutputs: Record<string, unknown>;
  /**
   * Validation problems thrown by components, program failures, and warnings the program logged
   * through pulumi.log.warn (severity "warning").
   */
  problems: Problem[];
}

type PulumiModule = typeof import("@pulumi/pulumi");

interface WireRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getUrn(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type MonitorCallback = (error: unknown, response?: { getUrn(): string }) => void;
interface MonitorLike {
  registerResource(request: WireRequest, callback: MonitorCallback): Promise<void>;
  resources: Map<string, { urn: string; id: string | null; state: unknown }>;
}

const TS_NODE_INSTANCE = Symbol.for("ts-node.register.instance");

/** TypeScript programs run in-process; transpile-only keeps a run to a couple of seconds. */
function ensureTypeScript(project: PulumiProject): void {
  if ((process as unknown as Record<symbol, unknown>)[TS_NODE_INSTANCE]) return;
  let tsNodePath: string;
  try {
    tsNodePath = require.resolve("ts-node", { paths: [project.dir, __dirname] });
  } catch {
    throw new CliError(
      `cannot run the TypeScript program in ${project.dir}: ts-node is not installed there`,
      "npm install --save-dev ts-node typescript (Pulumi's TypeScript runtime needs them too)",
    );
  }
  const tsNode = require(tsNodePath) as { register(options: object): void };
  tsNode.register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
}

/** The program's own copy of the SDK, so the mocks reach the runtime it registers with. */
function loadPulumi(project: PulumiProject): PulumiModule {
  const path = require.resolve("@pulumi/pulumi", { paths: [project.dir, __dirname] });
  return require(path) as PulumiModule;
}

function requireBeside<T>(project: PulumiProject, path: string): T {
  const sdk = dirname(require.resolve("@pulumi/pulumi", { paths: [project.dir, __dirname] }));
  return require(require.resolve(path, { paths: [sdk] })) as T;
}

/** A dynamic resource's serialized provider code: noise in a plan, and large. */
function withoutProviderSource(inputs: Record<string, unknown>): Record<string, unknown> {
  const { __provider: _source, ...rest } = inputs;
  return rest;
}

function structToJs(state: unknown): unknown {
  const struct = state as { toJavaScript?: () => unknown } | null;
  return typeof struct?.toJavaScript === "function" ? struct.toJavaScript() : state;
}

/**
 * Resolves when the event loop has nothing left to do: the program's promises that are still
 * pending then never settle (an Output waiting on one that failed). Without this, waiting for
 * them would end the process with Pulumi's "promises were still active" and no plan at all.
 */
function idle(): { promise: Promise<void>; cancel(): void } {
  let done = () => {};
  const promise = new Promise<void>((resolve) => {
    // A macrotask, so the process lives on to the next step (which may wait for idle again).
    done = () => setImmediate(resolve);
  });
  process.once("beforeExit", done);
  return { promise, cancel: () => process.off("beforeExit", done) };
}

/** The outcome of `work`, or undefined if the program stalls first. */
async function unlessStalled<T>(work: Promise<T>): Promise<{ value: T } | undefined> {
  const stalled = idle();
  try {
    return await Promise.race([
      work.then((value) => ({ value })),
      stalled.promise.then(() => undefined),
    ]);
  } finally {
    stalled.cancel();
  }
}

/**
 * Runs a Pulumi TypeScript program in this process on the SDK's mock runtime, standing in for
 * Azure Resource Manager, and returns every resource it declared once all outputs have settled.
 * One run per process: the Pulumi runtime keeps global state.
 */
export async function runOffline(project: PulumiProject): Promise<OfflineRun> {
  ensureTypeScript(project);
  const pulumi = loadPulumi(project);
  const settings = require(
    require.resolve("@pulumi/pulumi/runtime/settings", {
      paths: [dirname(require.resolve("@pulumi/pulumi", { paths: [project.dir, __dirname] }))],
    }),
  ) as { waitForRPCs(): Promise<void>; getMonitor(): unknown };

  const defaultLocation = project.config["azure-native:location"] ?? DEFAULT_LOCATION;
  const inputsByUrn = new Map<string, Record<string, unknown>>();
  const declared: Array<Omit<OfflineResource, "outputs" | "id" | "inputs">> = [];
  const problems: Problem[] = [];

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        return answerResource(args.type, args.name, args.inputs, {
          defaultLocation,
          describe: describeSource,
          id: args.id,
        });
      },
      call(args) {
        return answerCall(args.token, args.inputs, { defaultLocation });
      },
    },
    project.name,
    project.stack,
    false,
  );
  pulumi.runtime.setAllConfig(project.config, project.secretKeys);

  const monitor = settings.getMonitor() as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  // Sorted by construction, so the tree reads in the program's order.
  const order = new Map<string, number>();
  const constructed = new Map<string, number>();
  const runtimeResource = requireBeside<{ registerResource: (...args: unknown[]) => void }>(
    project,
    "@pulumi/pulumi/runtime/resource",
  );
  const originalRegister = runtimeResource.registerResource;
  runtimeResource.registerResource = (...args: unknown[]) => {
    constructed.set(`${String(args[2])}::${String(args[3])}`, constructed.size);
    originalRegister(...args);
  };
  monitor.registerResource = (request, callback) => {
    const position = constructed.get(`${request.getType()}::${request.getName()}`) ?? Infinity;
    return register(request, (error, response) => {
      if (!error && response) {
        const urn = response.getUrn();
        // The inputs as sent, where a secret stays where it is; the mocks hand `newResource`
        // every object holding a secret as secret whole (a scale set's password would hide
        // its whole virtualMachineProfile from the plan's checks).
        inputsByUrn.set(urn, request.getObject()?.toJavaScript() ?? {});
        order.set(urn, position);
        declared.push({
          urn,
          type: request.getType(),
          name: request.getName(),
          parent: request.getParent() || undefined,
          custom: request.getCustom(),
        });
      }
      callback(error, response);
    });
  };

  const log = pulumi.log as unknown as Record<
    string,
    (message: string, resource?: { __name?: unknown }) => Promise<void>
  >;
  const originalLog = { warn: log.warn, error: log.error };
  log.warn = async (message, resource) => {
    const name = typeof resource?.__name === "string" ? resource.__name : undefined;
    problems.push(warningProblem(message, name));
  };
  log.error = async (message) => {
    problems.push(...problemsFromError(new Error(message), "program"));
  };
  // The components hand their problems over as data (see ComponentProblems), instead of
  // throwing at the first failing component or logging text.
  const sinkKey = Symbol.for(PROBLEM_SINK_KEY);
  const globals = globalThis as Record<symbol, unknown>;
  const previousSink = globals[sinkKey];
  globals[sinkKey] = {
    push(...reported: unknown[]) {
      for (const problem of reported.map(reportedProblem)) if (problem) problems.push(problem);
    },
  };
  const previousDir = process.cwd();
  const fromError = (error: unknown) =>
    problemsFromError(error, "program", { project: project.name, userCwd: previousDir });
  const onRejection = (reason: unknown) => problems.push(...fromError(reason));
  process.on("unhandledRejection", onRejection);
  let stackOutputs: Record<string, unknown> = {};
  let stalled = false;
  try {
    // Programs resolve relative paths against their project folder, as under `pulumi up`.
    process.chdir(project.dir);
    ensureTypeScript(project);
    try {
      let exported = require(project.main) as unknown;
      const entry =
        typeof exported === "function"
          ? exported
          : (exported as { default?: unknown } | null)?.default;
      if (typeof entry === "function") exported = await (entry as () => unknown)();
      stalled = !(await unlessStalled(settings.waitForRPCs()));
      if (!stalled && exported !== null && typeof exported === "object") {
        const serialized = await unlessStalled(
          pulumi.runtime.serializeProperties("stack outputs", exported as Record<string, unknown>),
        );
        if (serialized) stackOutputs = redact(serialized.value) as Record<string, unknown>;
        else stalled = true;
      }
    } catch (error) {
      problems.push(...fromError(error));
    }
    if (!stalled) {
      const settled = await unlessStalled(
        settings.waitForRPCs().catch((error: unknown) => {
          problems.push(...fromError(error));
        }),
      );
      stalled = settled === undefined;
    }
    // Rejections raised by the last settled outputs arrive on the next turns of the event loop.
    await new Promise((done) => setTimeout(done, 20));
  } finally {
    if (previousSink === undefined) delete globals[sinkKey];
    else globals[sinkKey] = previousSink;
    process.chdir(previousDir);
    process.off("unhandledRejection", onRejection);
    Object.assign(log, originalLog);
    runtimeResource.registerResource = originalRegister;
  }

  if (stalled && !problems.some((problem) => problem.severity === "error")) {
    problems.push({
      field: "program",
      message:
        "The program waits for values that never arrive (a promise or Output that never settles).",
      fix: "run `pulumi preview` to see where the program stops",
      severity: "error",
    });
  }
  declared.sort((a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0));
  const resources = declared.map((resource): OfflineResource => {
    const recorded = monitor.resources.get(resource.urn);
    const state = redact(structToJs(recorded?.state) ?? {}) as Record<string, unknown>;
    return {
      ...resource,
      // An empty id is an unknown one (see fakeArm.ts).
      id: resource.custom ? recorded?.id || undefined : undefined,
      inputs: withoutProviderSource(
        redact(inputsByUrn.get(resource.urn) ?? {}) as Record<string, unknown>,
      ),
      outputs: state,
    };
  });
  return {
    project: project.name,
    stack: project.stack,
    resources,
    stackOutputs,
    problems: dedupe(problems),
  };
}
