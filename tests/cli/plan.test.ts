import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { archivePackage } from "../../sdk/staging/source/archive";
import { FIXTURES, vmapps } from "./helpers";

interface Node {
  type: string;
  name: string;
  id?: string;
  children: Node[];
}

const SECRET = "hunter2-not-for-logs";

describe("vmapps plan (offline engine on a program of its own)", () => {
  const tiny = join(FIXTURES, "tiny");
  let json: ReturnType<typeof vmapps>;
  let text: ReturnType<typeof vmapps>;

  before(() => {
    json = vmapps(["plan", tiny, "--json", "--secret", `apiKey=${SECRET}`]);
    text = vmapps(["plan", tiny, "--secret", `apiKey=${SECRET}`]);
  });

  it("exits 0 and prints one JSON document", () => {
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.project, "tiny");
    assert.equal(report.stack, "dev", "the only Pulumi.<stack>.yaml in the folder");
    assert.equal(report.offline, true);
  });

  it("builds the resource tree in program order, children under their component", () => {
    const report = JSON.parse(json.stdout);
    const roots = report.tree as Node[];
    assert.deepEqual(
      roots.map((node) => `${node.type}::${node.name}`),
      [
        "azure-native:resources:ResourceGroup::rg",
        "random:index/randomString:RandomString::suffix",
        "azure-native:storage:StorageAccount::packages",
        "tiny:index:Shelf::shelf",
      ],
    );
    const shelf = roots.find((node) => node.name === "shelf");
    assert.deepEqual(
      shelf?.children.map((node) => node.name),
      ["shelf-gallery"],
    );
    assert.equal(report.resourceCount, 5);
  });

  it("answers with ARM-shaped ids and computed outputs, config from Pulumi.dev.yaml", () => {
    const report = JSON.parse(json.stdout);
    const gallery = (report.tree as Node[]).find((n) => n.name === "shelf")?.children[0];
    assert.match(
      gallery?.id ?? "",
      /^\/subscriptions\/00000000-0000-0000-0000-000000000000\/resourceGroups\/rg[0-9a-f]{8}\/providers\/Microsoft\.Compute\/galleries\/demo_gallery$/,
    );
    assert.match(
      report.outputs.blobEndpoint,
      /^https:\/\/packages[0-9a-f]{8}\.blob\.core\.windows\.net\/$/,
    );
    assert.match(
      report.outputs.suffixResult,
      /^[a-z0-9]{6}$/,
      "honours length, no upper, no special",
    );
    assert.equal(report.outputs.galleryId, gallery?.id);
  });

  it("prints secrets as [secret] and never their value, in JSON or text", () => {
    assert.equal(JSON.parse(json.stdout).outputs.token, "[secret]");
    assert.match(text.stdout, /token +\[secret\]/);
    for (const run of [json, text]) assert.ok(!(run.stdout + run.stderr).includes(SECRET));
  });

  it("prints the tree and a clean verdict for people, exit 0", () => {
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Plan for tiny \(stack dev\)/);
    assert.match(
      text.stdout,
      /└─ shelf +tiny:index:Shelf\n {3}└─ shelf-gallery +azure-native:compute:Gallery/,
    );
    assert.match(text.stdout, /✓ No problems found\./);
  });

  it("a program that throws its problems becomes a plan with every problem, exit 1", () => {
    const run = vmapps(["plan", join(FIXTURES, "broken"), "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.problems.map((p: { field: string }) => p.field),
      ["publishingProfile.replicaCount", "name"],
    );
    assert.ok(report.problems.every((p: { fix: string }) => p.fix.length > 0));
  });

  it("the same problems print with field and fix, exit 1", () => {
    const run = vmapps(["plan", join(FIXTURES, "broken")]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /Problems \(2 errors, 0 warnings\)/);
    assert.match(
      run.stdout,
      /✗ error +publishingProfile\.replicaCount: replicaCount 4 is above 3\n +fix: set replicaCount to 1, 2 or 3/,
    );
  });

  it("a folder without Pulumi.yaml is one line plus the fix, exit 1", () => {
    const run = vmapps(["plan", FIXTURES]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: no Pulumi\.yaml in .*fixtures\n {2}fix: /);
  });

  it("--config without = is a usage error, exit 2", () => {
    const run = vmapps(["plan", tiny, "--config", "prefix"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--config prefix is not key=value/);
  });

  it("--config overrides the stack file", () => {
    const run = vmapps(["plan", tiny, "--json", "--config", "prefix=other"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(JSON.parse(run.stdout).outputs.galleryId, /galleries\/other_gallery$/);
  });

  it("answers the staging resource with the real archive's size and content-addressed name, uploading nothing", async () => {
    const run = vmapps(["plan", join(FIXTURES, "staged"), "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const { outputs } = JSON.parse(run.stdout);
    const work = mkdtempSync(join(tmpdir(), "vmapps-plan-test-"));
    try {
      const archive = await archivePackage(join(FIXTURES, "staged", "app"), {
        format: "zip",
        outFile: join(work, "app.zip"),
      });
      const sha256 = createHash("sha256").update(readFileSync(archive.path)).digest("hex");
      assert.equal(outputs.size, archive.size);
      assert.equal(
        outputs.url,
        `https://contosopkgs.blob.core.windows.net/packages/${sha256}/app.zip`,
      );
      assert.equal(outputs.sasUrl, "[secret]");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
