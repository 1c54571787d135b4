import { strict as assert } from "node:assert";
import { join } from "node:path";
import { main } from "../../sdk/cli/main";
import { bufferIo } from "../../sdk/cli/render/output";
import { ROOT, vmapps } from "./helpers";

async function recommend(...args: string[]) {
  const io = bufferIo();
  const code = await main(["recommend", ...args], io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

describe("vmapps recommend", () => {
  it("120 VMs want 6 replicas; a block blob caps them at 3 and says a page blob allows 10", async () => {
    const run = await recommend("--vms", "120");
    assert.equal(run.code, 0);
    assert.match(run.out, /Recommended replicas: 3 \(wanted 6, limited by block-blob-limit\)/);
    assert.match(run.out, /one replica per 20 VMs → 6/);
    assert.match(run.out, /page blob would allow up to 10/i);
    assert.match(run.out, /--blob-type page/);
  });

  it("a page blob gives the 6 replicas 120 VMs want", async () => {
    const run = await recommend("--vms", "120", "--blob-type", "page");
    assert.match(run.out, /Recommended replicas: 6\n/);
    assert.match(run.out, /Deciding rule: +vms\n/);
  });

  it("VMs and scale sets add up: --vms 120 --scale-sets 600,600 wants 8", async () => {
    const run = await recommend("--vms", "120", "--scale-sets", "600,600", "--json");
    const result = JSON.parse(run.out);
    assert.equal(result.wanted, 8);
    assert.equal(result.replicas, 3);
    assert.equal(result.decidedBy, "vms-and-scale-sets");
    assert.deepEqual(result.demand.scaleSets, [600, 600]);
  });

  it("concurrent downloads can decide: 1000 downloads → 5 on a page blob", async () => {
    const run = await recommend("--concurrent-downloads", "1000", "--blob-type", "page", "--json");
    const result = JSON.parse(run.out);
    assert.equal(result.replicas, 5);
    assert.equal(result.decidedBy, "concurrent-downloads");
  });

  it("no demand at all still recommends 1", async () => {
    const result = JSON.parse((await recommend("--json")).out);
    assert.equal(result.replicas, 1);
    assert.equal(result.decidedBy, "minimum");
  });

  for (const [args, flag] of [
    [["--vms", "12.5"], "--vms"],
    [["--vms", "-3"], "--vms"],
    [["--scale-sets", "600,x"], "--scale-sets"],
    [["--blob-type", "append"], "--blob-type"],
  ] as const) {
    it(`rejects ${args.join(" ")} with one line naming ${flag} and a fix, exit 2`, async () => {
      const run = await recommend(...args);
      assert.equal(run.code, 2);
      const lines = run.err.split("\n");
      assert.equal(lines.length, 2);
      assert.match(lines[0] ?? "", new RegExp(`^error: .*${flag}`));
      assert.match(lines[1] ?? "", /^ {2}fix: /);
    });
  }

  it("--fleet examples/fleet.json: replicas, rule and limit per region, page blob, cost", async () => {
    const run = await recommend("--fleet", join(ROOT, "examples", "fleet.json"), "--json");
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out);
    const byRegion = Object.fromEntries(
      report.regions.map((r: { region: string }) => [r.region, r]),
    );
    assert.deepEqual(Object.keys(byRegion), ["westeurope", "eastus", "northeurope"]);
    assert.equal(byRegion.westeurope.wanted, 12); // 150/20 → 8, plus 2 × ceil(900/600) → 4
    assert.equal(byRegion.westeurope.replicas, 10);
    assert.equal(byRegion.westeurope.limitedBy, "region-max");
    assert.equal(byRegion.westeurope.rule, "vms-and-scale-sets");
    assert.equal(byRegion.eastus.replicas, 1);
    assert.equal(byRegion.eastus.rule, "scale-sets");
    assert.equal(byRegion.northeurope.replicas, 1);
    assert.equal(byRegion.northeurope.rule, "vms");
    assert.equal(report.plan.blobType, "page");
    assert.ok(report.cost.storagePerMonth > 0);
  });

  it("runs as the installed bin too, exit 0", () => {
    const run = vmapps(["recommend", "--vms", "40", "--scale-sets", "600"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Recommended replicas: 3/);
  });
});
