import { readFileSync } from "node:fs";
import { CliError } from "../errors";

/** The PEM of `--ca-cert FILE` (one or more certificates), or undefined when not given. */
export function readCaCert(path: unknown): string | undefined {
  if (typeof path !== "string") return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read --ca-cert ${path}: ${(error as Error).message}`,
      "pass the path of a PEM certificate file",
    );
  }
}
