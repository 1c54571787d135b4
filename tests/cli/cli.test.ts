import { strict as assert } from "node:assert";
import { vmapps } from "./helpers";

describe("vmapps command line", () => {
  for (const command of ["plan", "stage", "recommend"]) {
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
    for (const command of ["plan", "stage", "recommend"])
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
      "  fix: use one of: plan, stage, recommend (vmapps --help)",
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
});
