import { checkLinuxFolder, describeSystemFolder } from "./folders";
import { type ManageActions, RecipeBuilder } from "./quoting";

// Commands follow VM Applications overview "Creating VM applications on Linux". They run in /bin/bash from the
// download folder, where the package is a file named after the application, without extension.

export interface TarGzOptions {
  /** Gallery application name; the package arrives as a file with this name. */
  appName: string;
  /** Absolute folder the archive is extracted into (`tar -C`). Created if missing. */
  installDir: string;
  /**
   * Folder the remove command deletes, e.g. `/usr/local/go` when `installDir` is `/usr/local`.
   * System folders such as /usr/local (and anything inside /etc, /bin, /usr/bin, ...) are refused,
   * however written; `..` is refused in either folder.
   * @default installDir
   */
  removeDir?: string;
  /** Name the package is downloaded as (`settings.packageFileName`). @default appName */
  packageFileName?: string;
  /**
   * Prefix each command with sudo. The VM application extension already runs commands as
   * root, so this is only for images where that is not the case.
   * @default false
   */
  sudo?: boolean;
}

/** `.tar.gz` archive: `tar -C <installDir> -xzf <package>`, removed with `rm -rf`. */
export function tarGz(options: TarGzOptions): ManageActions {
  const b = new RecipeBuilder("linux.tarGz");
  const run = options.sudo ? "sudo " : "";
  const file = packageFile(b, options);
  const installDir = absoluteDir(b, "installDir", options.installDir);
  const removeOption = options.removeDir === undefined ? "installDir" : "removeDir";
  const removeDir =
    options.removeDir === undefined ? installDir : absoluteDir(b, "removeDir", options.removeDir);
  if (removeDir !== "") refuseSystemDir(b, removeOption, options.removeDir ?? options.installDir);
  return b.finish({
    install: `${run}mkdir -p ${installDir} && ${run}tar -C ${installDir} -xzf ${file}`,
    remove: `${run}rm -rf ${removeDir}`,
  });
}

export interface DebOptions {
  /** Gallery application name; the package arrives as a file with this name. */
  appName: string;
  /** Debian package name the remove command uninstalls (`apt remove`), e.g. `powershell`. */
  packageName: string;
  /** Name the package is downloaded as (`settings.packageFileName`). @default appName */
  packageFileName?: string;
  /** Prefix each command with sudo (the extension already runs as root). @default false */
  sudo?: boolean;
}

/**
 * `.deb` package: `dpkg -i`, then `apt --fix-broken install -y` when dependencies are missing
 * (needs a reachable apt repository); removed with `apt remove -y`, since a prompt would hang.
 */
export function deb(options: DebOptions): ManageActions {
  const b = new RecipeBuilder("linux.deb");
  const run = options.sudo ? "sudo " : "";
  const file = packageFile(b, options);
  const packageName = /^[a-z0-9][a-z0-9+.-]+$/.test(options.packageName ?? "")
    ? options.packageName
    : b.reject(
        "packageName",
        `"${String(options.packageName)}" is not a Debian package name.`,
        "Use the name dpkg lists (lower case letters, digits, + - .), e.g. powershell.",
      );
  return b.finish({
    install: `${run}dpkg -i ${file} || ${run}apt --fix-broken install -y`,
    remove: `${run}apt remove -y ${packageName}`,
  });
}

function packageFile(b: RecipeBuilder, options: { appName: string; packageFileName?: string }) {
  const appName = b.appName(options.appName);
  return options.packageFileName === undefined
    ? appName
    : b.packageFileName(options.packageFileName, "bash");
}

function absoluteDir(b: RecipeBuilder, option: string, value: string): string {
  const word = b.bashWord(option, value);
  if (word === "") return "";
  const refusal = checkLinuxFolder(value);
  if (refusal?.kind === "notAbsolute") {
    return b.reject(
      option,
      `${option} "${value}" is not an absolute path.`,
      "Start it with /, e.g. /opt/myapp.",
    );
  }
  if (refusal?.kind === "parent") {
    return b.reject(
      option,
      `${option} "${value}" contains "..", so the folder used is not the one written.`,
      'Write the folder without "..", e.g. /opt/myapp.',
    );
  }
  return word;
}

function refuseSystemDir(b: RecipeBuilder, option: string, value: string): void {
  const refusal = checkLinuxFolder(value);
  if (refusal?.kind === "system") {
    b.reject(
      option,
      `The remove command would delete ${value}, ${describeSystemFolder(value, refusal)}.`,
      "Set removeDir to the folder the archive creates, e.g. /usr/local/go, or extract into a folder of its own.",
    );
  }
}
