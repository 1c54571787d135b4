import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
    [["--scale-sets", "600,0"], "--scale-sets"],
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

  for (const [args, expected] of [
    [["--vms", "-5"], /^error: --vms -5 is negative$/],
    [["--vms=-5"], /^error: --vms -5 is negative$/],
    [["--concurrent-downloads", "-1"], /^error: --concurrent-downloads -1 is negative$/],
    [["--scale-sets", "600", "--scale-sets", "-600"], /^error: --scale-sets -600 is negative$/],
    [["--scale-sets", ""], /^error: --scale-sets '' has an empty entry$/],
    [["--scale-sets", "600,,600"], /^error: --scale-sets '600,,600' has an empty entry$/],
    [["--scale-sets", "600,"], /^error: --scale-sets '600,' has an empty entry$/],
    [["--vms", "5", "--vms", "6"], /^error: --vms is given more than once$/],
    [
      ["--blob-type", "page", "--blob-type", "block"],
      /^error: --blob-type is given more than once$/,
    ],
    [["--vms", "5", "--fleet", "fleet.json"], /^error: --fleet cannot be combined with --vms$/],
    [
      ["--fleet", "fleet.json", "--scale-sets", "600", "--blob-type", "page"],
      /^error: --fleet cannot be combined with --scale-sets, --blob-type$/,
    ],
  ] as const) {
    it(`${args.join(" ") || "''"}: a usage error naming the flag, exit 2`, async () => {
      const run = await recommend(...args);
      assert.equal(run.code, 2, run.out);
      const [message, fix, ...rest] = run.err.split("\n");
      assert.match(message ?? "", expected);
      assert.match(fix ?? "", /^ {2}fix: \S/);
      assert.deepEqual(rest, []);
      assert.equal(run.out, "");
    });
  }

  describe("--fleet with problems in the file", () => {
    let work: string;
    before(() => {
      work = mkdtempSync(join(tmpdir(), "vmapps-fleet-"));
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    function fleetFile(content: unknown): string {
      const file = join(work, `fleet-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(content));
      return file;
    }

    it("reports every problem at once: bad size, negative demand, duplicate region, null entry; exit 1", async () => {
      const file = fleetFile({
        location: "westeurope",
        packageBytes: -5,
        regions: {
          westeurope: { demand: { vms: -1 } },
          WestEurope: {},
          eastus: null,
        },
      });
      const run = await recommend("--fleet", file);
      assert.equal(run.code, 1, run.err);
      const errors = run.err.split("\n").filter((line) => line.startsWith("error: "));
      const fields = errors.map((line) => line.slice(`error: ${file}: `.length).split(":")[0]);
      assert.deepEqual(fields.sort(), [
        "packageBytes",
        "regions.WestEurope",
        "regions.eastus",
        "regions.westeurope.demand.vms",
      ]);
      assert.match(
        run.err,
        /regions\.eastus: the entry for eastus is null\.\n {2}fix: Give eastus its demand/,
      );
      assert.doesNotMatch(run.err, /Cannot read properties|report it/);
      assert.equal(run.err.split("\n").length, errors.length * 2, "each problem: one line + fix");
    });

    it("a file that is not an object, or has no location and regions, names each field", async () => {
      const nullFleet = await recommend("--fleet", fleetFile(null));
      assert.equal(nullFleet.code, 1);
      assert.match(nullFleet.err, /a fleet plan is a JSON object; got null/);
      const empty = await recommend("--fleet", fleetFile({ blobType: "append" }));
      assert.equal(empty.code, 1);
      assert.match(empty.err, /: location: /);
      assert.match(empty.err, /: blobType: "append" is not a blob type/);
      assert.match(empty.err, /: regions: regions is missing/);
    });

    it("a region outside regions is an unknown key, reported with the other problems; exit 1", async () => {
      const file = fleetFile({ westeurope: { vms: 150 } });
      const run = await recommend("--fleet", file);
      assert.equal(run.code, 1, run.err);
      assert.doesNotMatch(run.err, /minimum/);
      assert.match(
        run.err,
        /: westeurope: unknown key "westeurope".*\n {2}fix: If "westeurope" is a region, move it under "regions"/,
      );
      assert.match(run.err, /: location: /);
      assert.match(run.err, /: regions: regions is missing/);
    });

    it("a typo at any depth names its path and the key it likely meant, all at once", async () => {
      const run = await recommend(
        "--fleet",
        fleetFile({
          $comment: "annotations are allowed",
          location: "westeurope",
          blobtype: "page",
          demand: { vms: 30 },
          regions: {
            westeurope: { demand: { vm: 30 } },
            eastus: { vms: 10, replica: 2 },
            northeurope: { demand: { scaleSets: [600] }, excludeFromLatest: false },
          },
        }),
      );
      assert.equal(run.code, 1, run.err);
      const problems = run.err
        .split("\n")
        .filter((line) => line.startsWith("error: "))
        .map((line) => line.replace(/^error: [^:]+: /, ""));
      assert.deepEqual(problems.map((line) => line.split(":")[0]).sort(), [
        "blobtype",
        "demand",
        "regions.eastus.replica",
        "regions.eastus.vms",
        "regions.westeurope.demand.vm",
      ]);
      assert.match(run.err, /demand\.vm: unknown key "vm".*\n {2}fix: Did you mean vms\?/);
      assert.match(run.err, /blobtype: .*\n {2}fix: Did you mean blobType\?/);
      assert.match(run.err, /eastus\.replica: .*\n {2}fix: Did you mean replicas\?/);
      assert.match(run.err, /eastus\.vms: .*\n {2}fix: Move it under demand/);
      assert.match(run.err, /: demand: .*\n {2}fix: "demand" belongs in a region entry/);
    });
  });

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
