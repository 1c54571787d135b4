import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("core is pure", () => {
  const core = join(__dirname, "../../sdk/core");
  const sources = files(core).filter((f) => f.endsWith(".ts"));

  it("finds the core sources", () => {
    assert.ok(sources.length >= 10, sources.join());
  });

  it("imports nothing from @pulumi/* or @azure/*", () => {
    const offending = sources.filter((file) =>
      /(from\s+|require\(\s*|import\(\s*)["']@(pulumi|azure)\//.test(readFileSync(file, "utf8")),
    );
    assert.deepEqual(offending, []);
  });
});
