import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Command } from "../../sdk/cli/commands/command";
import { planCommand } from "../../sdk/cli/commands/plan";
import { FLEET_EXAMPLE, recommendCommand } from "../../sdk/cli/commands/recommend";
import { republishCommand } from "../../sdk/cli/commands/republish";
import { stageCommand } from "../../sdk/cli/commands/stage";
import { statusCommand } from "../../sdk/cli/commands/status";
import { fleetProblems } from "../../sdk/cli/fleet/parse";
import { main, mainHelp } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import { closestName } from "../../sdk/core/shared/closest";
import { ROOT, vmapps } from "./helpers";

const commands: Command[] = [
  planCommand,
  stageCommand,
  recommendCommand,
  statusCommand,
  republishCommand,
];

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("vmapps command line", () => {
  for (const command of ["plan", "stage", "recommend", "status", "republish"]) {
    it(`${command} --help prints its usage, options and exit codes, exit 0`, () => {
      const run = vmapps([command, "--help"]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Usage: vmapps ${command}`));
      assert.match(run.stdout, /Options:/);
      assert.match(run.stdout, /Exit codes:/);
    });
  }

  it("--help lists every command, exit 0", () => {
    const run = vmapps(["--help"]);
    assert.equal(run.code, 0);
    for (const command of ["plan", "stage", "recommend", "status", "republish"])
      assert.match(run.stdout, new RegExp(command));
  });

  it("no command prints the help and exits 2", () => {
    const run = vmapps([]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /Usage: vmapps <command>/);
  });

  it("an unknown command is one error line plus the fix, exit 2", () => {
    const run = vmapps(["deploy"]);
    assert.equal(run.code, 2);
    assert.deepEqual(run.stderr.trim().split("\n"), [
      "error: unknown command deploy",
      "  fix: use one of: plan, stage, recommend, status, republish (vmapps --help)",
    ]);
  });

  it("an unknown flag names the flag and points at --help, exit 2", () => {
    const run = vmapps(["recommend", "--vm", "3"]);
    assert.equal(run.code, 2);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? "", /^error: .*--vm/);
    assert.equal(lines[1], "  fix: see vmapps recommend --help");
  });

  for (const command of ["plan", "stage", "recommend"]) {
    for (const flag of ["--bogus", "--bogus=3", "-q"]) {
      it(`${command} ${flag} is one clean line naming the option plus --help, exit 2`, async () => {
        const io = bufferIo();
        assert.equal(await main([command, flag], io), 2);
        assert.deepEqual(io.stderr, [
          `error: unknown option ${flag.split("=")[0]}`,
          `  fix: see vmapps ${command} --help`,
        ]);
      });
    }
  }

  it("stage --help documents --allow-padding: zero bytes to a 512-byte multiple, when tolerated", async () => {
    const io = bufferIo();
    assert.equal(await main(["stage", "--help"], io), 0);
    assert.match(
      io.stdout.join("\n"),
      /--allow-padding +with --blob-type page: append zero bytes[\s\S]*512-byte multiple[\s\S]*tolerate trailing bytes/,
    );
  });

  it("an unknown flag close to a known one suggests it", async () => {
    const io = bufferIo();
    assert.equal(await main(["recommend", "--scale-set", "600"], io), 2);
    assert.equal(io.stderr[0], "error: unknown option --scale-set (did you mean --scale-sets?)");
  });
});

describe("what vmapps tells a user exists", () => {
  for (const command of commands) {
    it(`${command.name} --help documents every option it accepts, short forms included`, () => {
      for (const [name, option] of Object.entries(command.options)) {
        const documented = option.short
          ? new RegExp(`^ +-${option.short}, --${name}\\b`, "m")
          : new RegExp(`^ +--${name}\\b`, "m");
        assert.match(command.help, documented, `--${name} is accepted but not documented`);
      }
    });
  }

  it("plan -c and -s are --config and --stack, as in the Pulumi CLI", () => {
    assert.deepEqual(
      [planCommand.options.config?.short, planCommand.options.stack?.short],
      ["c", "s"],
    );
  });

  it("vmapps --help documents -v, --version, and -v prints the version", async () => {
    assert.match(mainHelp, /^ +-v, --version +print the version$/m);
    assert.match(mainHelp, /^ +-h, --help +show this help/m);
    const io = bufferIo();
    assert.equal(await main(["-v"], io), 0);
    assert.deepEqual(io.stdout, [
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    ]);
  });

  it("the fleet plan example in recommend --help is a valid fleet plan", () => {
    assert.ok(recommendCommand.help.includes(FLEET_EXAMPLE));
    assert.deepEqual(fleetProblems(JSON.parse(FLEET_EXAMPLE)), []);
  });

  it("every repository path the help texts and CLI messages name ships in the package (npm pack)", () => {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const shipped = (packed?.files ?? []).map((file) => file.path);
    // Top-level folders of the repository that a user's installed copy may lack.
    const folders = readdirSync(ROOT, { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules",
      )
      .map((entry) => entry.name);
    const pathPattern = new RegExp(`(?<![\\w./-])(?:${folders.join("|")})/[\\w./-]*[\\w-]`, "g");
    const texts = [
      ["vmapps --help", mainHelp],
      ...commands.map((command) => [`vmapps ${command.name} --help`, command.help]),
      // String literals of the CLI's sources (messages and fixes); comments stripped.
      ...sources(join(ROOT, "sdk", "cli")).map((file) => [
        relative(ROOT, file),
        readFileSync(file, "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/(^|\s)\/\/.*$/gm, "$1"),
      ]),
    ];
    const missing = texts.flatMap(([where, text]) =>
      [...(text ?? "").matchAll(pathPattern)]
        .map((match) => match[0])
        .filter((path) => !shipped.some((file) => file === path || file.startsWith(`${path}/`)))
        .map((path) => `${where}: ${path}`),
    );
    assert.deepEqual(missing, []);
  });
});

describe("closestName", () => {
  it("suggests a near miss in any case, nothing for an unrelated name", () => {
    const known = ["vms", "scaleSets", "concurrentDownloads"];
    assert.equal(closestName("vm", known), "vms");
    assert.equal(closestName("scalesets", known), "scaleSets");
    assert.equal(closestName("concurentDownloads", known), "concurrentDownloads");
    assert.equal(closestName("westeurope", known), undefined);
    assert.equal(closestName("x", []), undefined);
  });
});
