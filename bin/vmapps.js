#!/usr/bin/env node
// The `vmapps` command. Runs the compiled CLI when the package is built (an npm install), and the
// TypeScript sources through ts-node (transpile-only) in a clone, so `npm ci` needs no build step.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

// Piped into `head` or a closed pager: stop quietly, as other command-line tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const root = join(__dirname, "..");
const compiled = join(root, "dist", "cli", "main.js");
let cli;
if (existsSync(compiled)) {
  cli = require(compiled);
} else {
  require("ts-node").register({ transpileOnly: true, project: join(root, "tsconfig.json") });
  cli = require(join(root, "sdk", "cli", "main.ts"));
}
cli.main(process.argv.slice(2), cli.processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`error: ${error?.message ?? error}`);
    process.exitCode = 1;
  },
);
