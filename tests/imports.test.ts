import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { parseCircular, parseDependencyTree } from "dpdm";

const ROOT = join(__dirname, "..");

/** Import cycles among the TypeScript files matched by `glob` (type-only imports count too). */
async function importCycles(glob: string, context: string): Promise<string[][]> {
  const tree = await parseDependencyTree([glob], {
    cwd: context,
    context,
    transform: false,
    include: /\.ts$/,
    exclude: /node_modules/,
  });
  // Paths come back relative to `cwd`.
  return parseCircular(tree, false);
}

describe("sdk/ has no import cycle", () => {
  it("the analyser finds a cycle when there is one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vmapps-cycles-"));
    try {
      writeFileSync(join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
      writeFileSync(
        join(dir, "b.ts"),
        'import type { a } from "./a";\nexport const b = 1 as unknown as typeof a;\n',
      );
      const cycles = await importCycles(join(dir, "*.ts"), dir);
      assert.deepEqual(
        cycles.map((cycle) => [...cycle].sort()),
        [["a.ts", "b.ts"]],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("none among sdk/**/*.ts", async () => {
    assert.deepEqual(await importCycles("sdk/**/*.ts", ROOT), []);
  });
});

/** What the files matched by `glob` import directly, as repository paths (`sdk/...`). */
async function directImports(glob: string): Promise<Array<{ file: string; imports: string }>> {
  const tree = await parseDependencyTree([glob], {
    cwd: ROOT,
    context: ROOT,
    transform: false,
    include: /\.ts$/,
    exclude: /node_modules/,
  });
  return Object.values(tree).flatMap((dependencies) =>
    (dependencies ?? []).map(({ issuer, id }) => ({ file: issuer, imports: id ?? "" })),
  );
}

describe("the CLI's layers: data, then rendering, then commands", () => {
  it("the fleet and plan reports are data: they import no rendering and no command", async () => {
    const found = [
      ...(await directImports("sdk/cli/fleet/*.ts")),
      ...(await directImports("sdk/cli/report/*.ts")),
    ].filter(
      ({ file, imports }) =>
        /^sdk\/cli\/(fleet|report)\//.test(file) &&
        /^sdk\/cli\/(render\/|commands\/|main\.ts)/.test(imports),
    );
    assert.deepEqual(found, []);
  });

  it("rendering reads the models only: no parsing, no report building, no command", async () => {
    const found = (await directImports("sdk/cli/render/*.ts")).filter(
      ({ file, imports }) =>
        file.startsWith("sdk/cli/render/") &&
        /^sdk\/cli\/(commands\/|main\.ts|fleet\/(parse|report)\.ts|report\/build\.ts)/.test(
          imports,
        ),
    );
    assert.deepEqual(found, []);
  });
});

/**
 * Run in a fresh process, so only what the root import loads is in the cache: a Pulumi program
 * that imports a component must not load the command line or the Azure SDK it stages with.
 */
const PROBE = `
const loaded = () => Object.keys(require.cache);
const root = require("./sdk");
const atImport = loaded();
require("./sdk/staging/client").containerClientFor({ containerUrl: "https://acct.blob.core.windows.net/c" });
const afterStaging = loaded();
const fleet = root.loadFleet("examples/fleet.json");
console.log(JSON.stringify({ atImport, afterStaging, afterAlias: loaded(), fleet }));
`;

describe("the package root's require graph", () => {
  let probe: { atImport: string[]; afterStaging: string[]; afterAlias: string[]; fleet: unknown };
  const cli = (files: string[]) =>
    files.filter((file) => file.includes(`${sep}sdk${sep}cli${sep}`));
  const from = (files: string[], name: string) =>
    files.filter((file) => file.includes(`${sep}node_modules${sep}${name}${sep}`));

  before(function () {
    this.timeout(120_000);
    const stdout = execFileSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", PROBE],
      { cwd: ROOT, encoding: "utf8" },
    );
    probe = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  });

  it("loads the components, and no CLI module", () => {
    assert.ok(probe.atImport.some((file) => file.endsWith("vmApplicationVersion.ts")));
    assert.deepEqual(cli(probe.atImport), []);
  });

  it("loads neither @azure/identity nor @azure/storage-blob until a staging call needs them", () => {
    assert.deepEqual(from(probe.atImport, "@azure/identity"), []);
    assert.deepEqual(from(probe.atImport, "@azure/storage-blob"), []);
    // The Resource Manager client is for `vmapps status` and `republish` only.
    assert.deepEqual(from(probe.atImport, "@azure/arm-compute"), []);
    assert.deepEqual(from(probe.afterAlias, "@azure/arm-compute"), []);
    assert.notDeepEqual(from(probe.afterStaging, "@azure/identity"), []);
    assert.notDeepEqual(from(probe.afterStaging, "@azure/storage-blob"), []);
  });

  it("keeps the CLI's functions as deprecated aliases that load the CLI when called", () => {
    assert.deepEqual(cli(probe.afterStaging), []);
    assert.notDeepEqual(cli(probe.afterAlias), []);
    const file = JSON.parse(readFileSync(join(ROOT, "examples", "fleet.json"), "utf8"));
    assert.deepEqual(probe.fleet, file);
  });
});
