import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(__dirname, "..");
const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

describe("sdk/ files stay small enough to read", () => {
  it("counts lines as an editor does", () => {
    assert.equal(lineCount("a\nb\n"), 2);
    assert.equal(lineCount("a\nb"), 2);
    assert.equal(lineCount(""), 0);
  });

  it(`no file in sdk/ is over ${MAX_LINES} lines`, () => {
    const tooLong = sourceFiles(join(ROOT, "sdk"))
      .map((path) => ({
        file: relative(ROOT, path).split(sep).join("/"),
        lines: lineCount(readFileSync(path, "utf8")),
      }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    assert.deepEqual(tooLong, [], `split these files by responsibility:\n${tooLong.join("\n")}`);
  });
});
