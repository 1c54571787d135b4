import { strict as assert } from "node:assert";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { create as createTsNode } from "ts-node";
import { packageBytesFlags, planExitCode } from "../../sdk/cli/commands/plan";
import { CliError } from "../../sdk/cli/errors";
import type { OfflineResource } from "../../sdk/cli/offline/engine";
import { problemsFromError, warningProblem } from "../../sdk/cli/offline/programProblems";
import { loadProject } from "../../sdk/cli/offline/project";
import { bufferIo } from "../../sdk/cli/render/output";
import { planJson, planLines } from "../../sdk/cli/render/plan";
import { buildPlanReport } from "../../sdk/cli/report/build";
import { ARM_VERSION } from "../../sdk/cli/tokens";
import { DYNAMIC_TYPES } from "../../sdk/components/tokens";
import { ROOT } from "./helpers";

/** A version declared with azure-native directly: the plan reads its target regions from ARM. */
function armVersion(publishingProfile: Record<string, unknown>): OfflineResource {
  return {
    urn: "urn:pulumi:dev::raw::azure-native:compute:GalleryApplicationVersion::raw",
    type: ARM_VERSION,
    name: "raw",
    custom: true,
    inputs: {
      galleryApplicationName: "agent",
      galleryApplicationVersionName: "1.0.0",
      location: "westeurope",
      publishingProfile: {
        source: { mediaLink: "https://example.blob.core.windows.net/p/agent.tar.gz" },
        manageActions: { install: "install.sh", remove: "remove.sh" },
        ...publishingProfile,
      },
    },
    outputs: {},
  };
}

function reportOf(publishingProfile: Record<string, unknown>) {
  return buildPlanReport({
    project: "raw",
    stack: "dev",
    resources: [armVersion(publishingProfile)],
    stackOutputs: {},
    problems: [],
  });
}

describe("plan report of a version declared with azure-native directly", () => {
  it("a regionalReplicaCount or a version-wide replicaCount is explicit; neither is the minimum", () => {
    const regions = (profile: Record<string, unknown>) =>
      reportOf(profile).versions[0]?.regions.map((r) => [
        r.region,
        r.replicas,
        r.source,
        r.decidedBy,
      ]);
    const targetRegions = [{ name: "westeurope", regionalReplicaCount: 2 }, { name: "eastus" }];
    assert.deepEqual(regions({ targetRegions, replicaCount: 3 }), [
      ["westeurope", 2, "explicit", "explicit"],
      ["eastus", 3, "default", "explicit"],
    ]);
    assert.deepEqual(regions({ targetRegions }), [
      ["westeurope", 2, "explicit", "explicit"],
      ["eastus", 1, "default", "minimum"],
    ]);
  });

  it("prints the rule once when it is the source, else source and rule", () => {
    const report = reportOf({
      targetRegions: [{ name: "westeurope", regionalReplicaCount: 2 }, { name: "eastus" }],
    });
    const text = planLines(bufferIo(), report).join("\n");
    assert.match(text, /westeurope +2 +2 +explicit +—/);
    assert.match(text, /eastus +1 +1 +default: minimum +—/);
  });
});

describe("--package-bytes", () => {
  it("N sizes every version, VERSION=N one of them; repeatable", () => {
    assert.deepEqual(packageBytesFlags(["300", "1.0.0=100", "hello-1-1-0=200"]), {
      packageBytes: 300,
      packageBytesByVersion: { "1.0.0": 100, "hello-1-1-0": 200 },
    });
    assert.deepEqual(packageBytesFlags(undefined), {});
  });

  it("a size that is not a whole number is a usage error, exit 2", () => {
    assert.throws(
      () => packageBytesFlags(["1.0.0=12kB"]),
      (error: unknown) => error instanceof CliError && error.exitCode === 2,
    );
  });

  it("a per-version size overrides the size for every version in the report", () => {
    const run = {
      project: "raw",
      stack: "dev",
      resources: [armVersion({ targetRegions: [{ name: "westeurope" }] })],
      stackOutputs: {},
      problems: [],
    };
    const sized = (options: Parameters<typeof buildPlanReport>[1]) =>
      buildPlanReport(run, options).versions[0]?.packageBytes;
    assert.equal(sized({ packageBytes: 300 }), 300);
    assert.equal(sized({ packageBytes: 300, packageBytesByVersion: { "1.0.0": 100 } }), 100);
    assert.equal(sized({ packageBytesByVersion: { raw: 200 } }), 200);
    assert.throws(
      () => sized({ packageBytesByVersion: { "2.0.0": 1 } }),
      /declares no version 2\.0\.0/,
    );
  });
});

describe("plan: each version is priced with its own package", () => {
  const urn = (type: string, name: string) => `urn:pulumi:dev::basic::${type}::${name}`;
  const VERSION = "vmapps:index:VmApplicationVersion";
  const BLOB = DYNAMIC_TYPES.StagedBlob.token;
  /** 1.0.0 stages its folder (413 bytes); 1.1.0 is given a mediaLink and stages nothing. */
  const resources: OfflineResource[] = [
    {
      urn: urn(VERSION, "v100"),
      type: VERSION,
      name: "v100",
      custom: false,
      inputs: {},
      outputs: { version: "1.0.0", replicaPlan: [{ region: "westeurope", replicas: 1 }] },
    },
    {
      urn: urn(`${VERSION}$${BLOB}`, "v100-package"),
      type: BLOB,
      name: "v100-package",
      parent: urn(VERSION, "v100"),
      custom: true,
      inputs: {},
      outputs: { size: 413, url: "https://a.blob.core.windows.net/c/app-1.0.0.tar.gz" },
    },
    {
      urn: urn(VERSION, "v110"),
      type: VERSION,
      name: "v110",
      custom: false,
      inputs: {},
      outputs: { version: "1.1.0", replicaPlan: [{ region: "westeurope", replicas: 1 }] },
    },
  ];
  const run = { project: "basic", stack: "dev", resources, stackOutputs: {}, problems: [] };

  it("a mediaLink version never takes another version's staged size: unknown, with the flag", () => {
    const [first, second] = buildPlanReport(run).versions;
    assert.equal(first?.packageBytes, 413);
    assert.equal(second?.packageBytes, undefined);
    assert.equal(second?.cost, undefined);
    assert.match(
      second?.costUnavailable ?? "",
      /^package size unknown .*--package-bytes 1\.1\.0=N/,
    );
  });

  it("--package-bytes sizes the mediaLink version", () => {
    const sized = buildPlanReport(run, { packageBytesByVersion: { "1.1.0": 2000 } }).versions;
    assert.deepEqual(
      sized.map((v) => v.packageBytes),
      [413, 2000],
    );
  });

  it("a raw version is sized by the staged blob its mediaLink names, else unknown", () => {
    const raw = (mediaLink: string) =>
      buildPlanReport({
        ...run,
        resources: [
          resources[1] as OfflineResource,
          { ...armVersion({ source: { mediaLink } }), name: "raw" },
        ],
      }).versions[0]?.packageBytes;
    assert.equal(raw("https://a.blob.core.windows.net/c/app-1.0.0.tar.gz?sv=1&sig=x"), 413);
    assert.equal(raw("https://a.blob.core.windows.net/c/other.tar.gz?sv=1&sig=x"), undefined);
  });
});

describe("plan warnings are problems with a severity", () => {
  const warned = () =>
    buildPlanReport({
      project: "raw",
      stack: "dev",
      resources: [],
      stackOutputs: {},
      problems: [
        {
          field: "name",
          message: '"1.0.01" has leading zeros.',
          fix: "Drop the leading zeros.",
          severity: "warning",
          resource: "agent-v1",
        },
        warningProblem("something the program logged: Fix: nothing to parse", "app"),
      ],
    });

  it("a component's warning keeps its field, resource, message and fix; a logged one its message", () => {
    assert.deepEqual(warned().problems, [
      {
        field: "name",
        message: '"1.0.01" has leading zeros.',
        fix: "Drop the leading zeros.",
        severity: "warning",
        resource: "agent-v1",
      },
      {
        field: "program",
        message: "something the program logged: Fix: nothing to parse",
        fix: "address the warning in the program (vmapps plan --strict fails on warnings)",
        severity: "warning",
        resource: "app",
      },
    ]);
    assert.deepEqual(warned().summary, { errors: 0, warnings: 2 });
  });

  it("text counts the warnings under them, never 'No problems found'; --strict says it fails", () => {
    const text = planLines(bufferIo(), warned()).join("\n");
    assert.doesNotMatch(text, /No problems found/);
    assert.match(text, /! warning agent-v1 › name: "1\.0\.01" has leading zeros\.\n +fix: Drop/);
    assert.match(text, /\n✓ No errors; 2 warnings$/);
    const strict = planLines(bufferIo(), warned(), { strict: true }).join("\n");
    assert.match(strict, /\n✗ No errors; 2 warnings \(--strict: warnings fail the plan\)$/);
  });

  it("--strict exits 1 on warnings alone; without it they pass", () => {
    assert.equal(planExitCode(warned()), 0);
    assert.equal(planExitCode(warned(), true), 1);
  });

  it("JSON holds them in problems with their severity, and counts them", () => {
    const json = JSON.parse(planJson(warned()));
    assert.equal(json.warnings, undefined, "no second list of plain strings");
    assert.deepEqual(
      json.problems.map((p: { severity: string }) => p.severity),
      ["warning", "warning"],
    );
    assert.deepEqual(json.summary, { errors: 0, warnings: 2 });
  });
});

describe("plan: program failures as problems a user can act on", () => {
  it("a TypeScript syntax error shows the diagnostic: file:line:column and the compiler's message", () => {
    const compiler = createTsNode({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
    const file = join(ROOT, "examples", "broken", "index.ts");
    const failure = (() => {
      try {
        compiler.compile("import * as x from 'y';\nexport const answer = ;\n", file);
      } catch (error) {
        return error;
      }
      return assert.fail("the program compiled");
    })();
    assert.deepEqual(problemsFromError(failure, "program", { userCwd: ROOT }), [
      {
        field: join("examples", "broken", "index.ts:2:23"),
        message: "Expression expected. (TS1109)",
        fix: "fix the TypeScript at that line, then plan again",
        severity: "error",
      },
    ]);
  });

  for (const [secret, fix] of [
    [true, /^pass it to the plan: --secret link=<value>, or set it in Pulumi\.<stack>\.yaml$/],
    [false, /^pass it to the plan: --config link=<value> \(or --secret for a secret\)/],
  ] as const) {
    it(`a missing required ${secret ? "secret" : "config value"} names the flag that sets it`, () => {
      const config = new pulumi.Config("vmapps-missing");
      const failure = (() => {
        try {
          if (secret) config.requireSecret("link");
          else config.require("link");
        } catch (error) {
          return error;
        }
        return assert.fail("the config value was set");
      })();
      const [problem] = problemsFromError(failure, "program", { project: "vmapps-missing" });
      assert.equal(problem?.field, "config vmapps-missing:link");
      assert.match(problem?.fix ?? "", fix);
      assert.doesNotMatch(problem?.fix ?? "", /pulumi preview/);
    });
  }
});

describe("plan: which folder and which Pulumi.yaml", () => {
  it("a folder that does not exist says so", () => {
    assert.throws(
      () => loadProject(join(ROOT, "no-such-folder")),
      (error: unknown) =>
        error instanceof CliError && /no-such-folder does not exist$/.test(error.message),
    );
  });

  it("a file says it is not a folder and offers its folder", () => {
    assert.throws(
      () => loadProject(join(ROOT, "package.json")),
      (error: unknown) =>
        error instanceof CliError &&
        /package\.json is not a folder$/.test(error.message) &&
        error.fix.endsWith(`vmapps plan ${ROOT}`),
    );
  });

  it("examples/windows-msi borrows the root Pulumi.yaml and is titled by its own folder", () => {
    const project = loadProject(join(ROOT, "examples", "windows-msi"));
    assert.equal(project.name, "vmapps-basic");
    assert.equal(project.programDir, join(ROOT, "examples", "windows-msi"));
    assert.equal(project.projectFile, join(ROOT, "Pulumi.yaml"));
    const report = buildPlanReport(
      { project: project.name, stack: "dev", resources: [], stackOutputs: {}, problems: [] },
      { program: "examples/windows-msi", projectFile: project.projectFile },
    );
    const [title, borrowed] = planLines(bufferIo(), report);
    assert.match(title ?? "", /^Plan for examples\/windows-msi \(stack dev\)/);
    assert.equal(
      borrowed,
      `examples/windows-msi has no Pulumi.yaml: it runs as project vmapps-basic, with the runtime and config of ${join(ROOT, "Pulumi.yaml")}`,
    );
  });

  it("examples/basic is the root project's own main: no borrowing", () => {
    assert.equal(loadProject(join(ROOT, "examples", "basic")).programDir, undefined);
  });
});
