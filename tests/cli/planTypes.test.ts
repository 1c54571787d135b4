import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { vmapps } from "./helpers";

interface JsonProblem {
  field: string;
  message: string;
  fix: string;
  severity: string;
}

/** A project written to a temp folder: its type errors must not sit in the repository's own tree. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vmapps-plan-types-"));
  for (const [file, text] of Object.entries({
    "Pulumi.yaml": "name: typed\nruntime: nodejs\n",
    ...files,
  })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** Pulumi's switch to skip the check, unset unless a test sets it. */
const CHECKED = { PULUMI_NODEJS_TRANSPILE_ONLY: "" };

function planJson(
  dir: string,
  env: Record<string, string> = CHECKED,
): { code: number | null; problems: JsonProblem[] } {
  const run = vmapps(["plan", ".", "--json"], { cwd: dir, env });
  assert.ok(run.stdout.trim().startsWith("{"), `one JSON document expected: ${run.stderr}`);
  return { code: run.code, problems: JSON.parse(run.stdout).problems };
}

/** Problems that name a place in a source file, as the compiler reports them. */
function typeProblems(problems: JsonProblem[]): JsonProblem[] {
  return problems.filter((problem) => /:\d+:\d+$/.test(problem.field));
}

describe("vmapps plan type-checks the program, as pulumi preview does", () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe("a program that runs but does not compile", () => {
    let dir: string;
    before(() => {
      dir = project({
        // Runs fine once transpiled; only the compiler sees the mistakes.
        "index.ts": [
          'import { label } from "./label";',
          "",
          'const count: number = "three";',
          "// Without a tsconfig.json strict is off, as in Pulumi: this implicit any is fine.",
          "function shout(text) {",
          '  return text + "!";',
          "}",
          "export const greeting = shout(label(count));",
          "",
        ].join("\n"),
        "label.ts": "export const label = (n: number): string => n;\n",
      });
      dirs.push(dir);
    });

    it("lists every type error of every own file with file:line:column and the TS code, exit 1", () => {
      const { code, problems } = planJson(dir);
      assert.equal(code, 1);
      assert.deepEqual(
        problems.map(({ field, message, severity }) => ({ field, message, severity })),
        [
          {
            field: "index.ts:3:7",
            message: "Type 'string' is not assignable to type 'number'. (TS2322)",
            severity: "error",
          },
          {
            field: "label.ts:1:45",
            message: "Type 'number' is not assignable to type 'string'. (TS2322)",
            severity: "error",
          },
        ],
      );
      assert.ok(problems.every((problem) => /pulumi preview/.test(problem.fix)));
    });

    it("names the file relative to the folder the command runs in", () => {
      const run = vmapps(["plan", join(dir, "index.ts", ".."), "--json"], {
        cwd: dirname(dir),
        env: CHECKED,
      });
      const fields = typeProblems(JSON.parse(run.stdout).problems).map((problem) => problem.field);
      assert.deepEqual(fields, [
        join(dir.slice(dirname(dir).length + 1), "index.ts:3:7"),
        join(dir.slice(dirname(dir).length + 1), "label.ts:1:45"),
      ]);
    });

    it("prints them with the fix in text, exit 1", () => {
      const run = vmapps(["plan", "."], { cwd: dir, env: CHECKED });
      assert.equal(run.code, 1);
      assert.match(run.stdout, /Problems \(2 errors, 0 warnings\)/);
      assert.match(
        run.stdout,
        /✗ error +index\.ts:3:7: Type 'string' is not assignable to type 'number'\. \(TS2322\)\n +fix: fix the type error/,
      );
    });
  });

  it("skips the check on Pulumi's switches: PULUMI_NODEJS_TRANSPILE_ONLY=true, noCheck in tsconfig.json", () => {
    const program = 'const count: number = "three";\nexport const doubled = count + count;\n';
    const dir = project({ "index.ts": program });
    const noCheck = project({
      "index.ts": program,
      "tsconfig.json": JSON.stringify({ compilerOptions: { noCheck: true } }),
    });
    dirs.push(dir, noCheck);
    for (const run of [
      planJson(dir, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
      planJson(noCheck),
    ]) {
      assert.deepEqual(run.problems, []);
      assert.equal(run.code, 0);
    }
  });

  it("honours the project's tsconfig.json: strict reports an implicit any; libraries are not checked", () => {
    const dir = project({
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "commonjs",
          target: "ES2020",
          skipLibCheck: false,
        },
      }),
      // A dependency whose declarations do not compile: the user cannot fix it, so not reported.
      "node_modules/broken-types/package.json": '{ "name": "broken-types", "main": "index.js" }',
      "node_modules/broken-types/index.js": "exports.size = 1;\n",
      "node_modules/broken-types/index.d.ts": "export declare const size: Missing;\n",
      "index.ts": [
        'import { size } from "broken-types";',
        "export function shout(text) {",
        '  return (text + "!").repeat(size);',
        "}",
        "",
      ].join("\n"),
    });
    dirs.push(dir);
    const { code, problems } = planJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(
      problems.map((problem) => `${problem.field} ${problem.message}`),
      ["index.ts:2:23 Parameter 'text' implicitly has an 'any' type. (TS7006)"],
    );
  });

  it("a tsconfig.json the compiler rejects is a problem naming it, with the compiler's hint", () => {
    const dir = project({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strictt: true } }),
      "index.ts": "export const fine = 1;\n",
    });
    dirs.push(dir);
    const { code, problems } = planJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(
      problems.map((problem) => `${problem.field} ${problem.message}`),
      ["tsconfig.json Unknown compiler option 'strictt'. Did you mean 'strict'? (TS5025)"],
    );
    assert.match(problems[0]?.fix ?? "", /tsc --noEmit/);
  });

  it("a syntax error, which the run reports too, is listed once", () => {
    const dir = project({ "index.ts": "export const broken = (;\n" });
    dirs.push(dir);
    const { code, problems } = planJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(
      problems.map((problem) => problem.field),
      ["index.ts:1:24"],
    );
  });
});
