import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { ROOT } from "./helpers";

function gitStatus(): string {
  return execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run demo (integration)", function () {
  this.timeout(180_000);
  let run: { code: number | null; out: string; err: string };
  let statusBefore: string;

  before(() => {
    statusBefore = gitStatus();
    const result = spawnSync("npm", ["run", "--silent", "demo"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 170_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    run = { code: result.status, out: result.stdout, err: result.stderr };
  });

  it("exits 0", () => {
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  });

  it("prints the fleet report: region, demand, replicas, deciding rule, limit, cost", () => {
    assert.match(
      run.out,
      /Region +Demand +Replicas +Wanted +Deciding rule +Limit hit +Storage\/month/,
    );
    assert.match(
      run.out,
      /westeurope +150 VMs \+ 2 scale sets of 900 +10 +12 +vms-and-scale-sets +region-max/,
    );
    assert.match(run.out, /eastus +1 scale set of 600 +1 +1 +scale-sets/);
    assert.match(run.out, /northeurope +20 VMs +1 +1 +vms/);
    assert.match(run.out, /Cost estimate, total: \$\d/);
  });

  it("prints every problem of the broken version with its field and fix", () => {
    assert.match(run.out, /✗ error +name: "1\.0"/);
    assert.match(run.out, /publishingProfile\.replicaCount: .*\n +fix: /);
    assert.match(run.out, /publishingProfile\.targetRegions\[1\]\.name: .*same region/);
    assert.match(run.out, /\d+ problems, all reported at once\./);
  });

  it("stages each version's folder on Azurite with progress, reads it back through the SAS and checks the hash", () => {
    assert.match(run.out, /^Staging app-1\.0\.0 100% \(/m);
    assert.match(run.out, /^Staging app 100% \(/m);
    assert.match(
      run.out,
      /✓ staged version 1\.0\.0: .* as block blob [0-9a-f]{64}\/app-1\.0\.0\.tar\.gz/,
    );
    assert.match(run.out, /✓ staged version 1\.1\.0: .* as block blob [0-9a-f]{64}\/app\.tar\.gz/);
    assert.equal(run.out.match(/sha256 matches/g)?.length, 2);
  });

  it("prints the plan of examples/basic with each version's staged package, secrets as [secret]", () => {
    assert.match(run.out, /Plan for \S+ \(stack \S+\)/);
    assert.match(run.out, /--secret mediaLink_1_0_0=\[secret\] .*--secret mediaLink=\[secret\]/);
    const versions = [
      ...run.out.matchAll(
        /Application version hello-vmapps (\S+) [\s\S]*?\n {2}blob \S+\/(\S+)\n/g,
      ),
    ];
    assert.deepEqual(
      versions.map((m) => [m[1], m[2]]),
      [
        ["1.0.0", "app-1.0.0.tar.gz"],
        ["1.1.0", "app.tar.gz"],
      ],
    );
    assert.match(run.out, /westeurope +2 +2 +demand: vms /);
    assert.match(run.out, /mediaLink \[secret\]/);
    assert.match(run.out, /✓ No problems found\./);
    assert.doesNotMatch(run.out + run.err, /sig=/, "no SAS in the output");
  });

  it("stops Azurite and leaves nothing running or written", () => {
    const pid = Number(/Azurite \(pid (\d+)\) stopped/.exec(run.out)?.[1]);
    assert.ok(pid > 0, "the demo names Azurite's pid");
    assert.equal(alive(pid), false);
    // Other work may change the checkout meanwhile; what the demo could leave is specific.
    const before = new Set(statusBefore.split("\n"));
    const added = gitStatus()
      .split("\n")
      .filter((line) => !before.has(line))
      .filter((line) => /examples\/|__\w+__|azurite|\.zip$|\.tar(\.gz)?$/i.test(line));
    assert.deepEqual(added, [], "no archive, Azurite database or example change left behind");
  });
});
