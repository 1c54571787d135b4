import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The README is the overview and docs/ holds the reference: these keep the links between them,
 * and the places tools write into, from going stale when a section moves.
 */
const ROOT = join(__dirname, "..");
const DOCS = join(ROOT, "docs");
const documents = [
  join(ROOT, "README.md"),
  join(ROOT, "CHANGELOG.md"),
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(DOCS, name)),
];

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? "")));
}

/** Markdown links outside code blocks: [text](target). */
function links(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
}

describe("README and docs/", () => {
  it("finds the guides", () => {
    const names = documents.map((file) => relative(ROOT, file));
    for (const guide of [
      "components",
      "staging",
      "replicas",
      "cli",
      "cloud",
      "benchmarks",
      "fleet-file",
    ]) {
      assert.ok(names.includes(`docs/${guide}.md`), `docs/${guide}.md`);
    }
  });

  for (const file of documents) {
    it(`${relative(ROOT, file)}: every relative link reaches a file, and its #anchor a heading`, () => {
      const broken: string[] = [];
      for (const link of links(file)) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [path = "", anchor] = link.split("#");
        const target = path === "" ? file : join(dirname(file), path);
        if (!existsSync(target)) broken.push(`${link}: no such file`);
        else if (anchor && statSync(target).isFile() && !anchors(target).has(anchor)) {
          broken.push(`${link}: no heading with that anchor`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  it("keeps the README an overview of at most 300 lines, giving `npm test` as the test command (.ci/run runs it)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    assert.ok(readme.split("\n").length <= 300, "README.md is over 300 lines");
    assert.match(readme, /^npm ci && npm test\b/m);
    assert.match(readFileSync(join(ROOT, ".ci", "run"), "utf8"), /^npm test\b/m);
  });

  it("docs/benchmarks.md holds the markers both benchmarks write between", () => {
    const text = readFileSync(join(DOCS, "benchmarks.md"), "utf8");
    for (const name of ["bench", "bench:require"]) {
      assert.equal(text.split(`<!-- ${name}:start -->`).length, 2, `one ${name}:start marker`);
      assert.equal(text.split(`<!-- ${name}:end -->`).length, 2, `one ${name}:end marker`);
    }
  });
});
