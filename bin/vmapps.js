#!/usr/bin/env node
// The `vmapps` command. In a clone it runs the TypeScript sources through ts-node (transpile-only),
// so `npm ci` needs no build step and an edit is live at once; an installed package ships only the
// compiled dist/, and runs that.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

// Piped into `head` or a closed pager: stop quietly, as other command-line tools do.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const root = join(__dirname, "..");
const source = join(root, "sdk", "cli", "main.ts");
let cli;
if (existsSync(source)) {
  require("ts-node").register({ transpileOnly: true, project: join(root, "tsconfig.json") });
  cli = require(source);
} else {
  cli = require(join(root, "dist", "cli", "main.js"));
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
