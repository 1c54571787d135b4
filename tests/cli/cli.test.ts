import { strict as assert } from "node:assert";
import { closestName } from "../../sdk/cli/closest";
import { main } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
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
