import type { Command } from "./command";

export const stageCommand: Command = {
  name: "stage",
  summary: "upload a package",
  help: "Usage: vmapps stage <path>",
  async run() {
    return 0;
  },
};
