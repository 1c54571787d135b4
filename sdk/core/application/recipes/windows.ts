import { checkWindowsFolder, describeSystemFolder } from "./folders";
import { type ManageActions, RecipeBuilder } from "./quoting";

// Commands follow VM Applications overview "Creating VM applications on Windows". They run in cmd.exe from the
// download folder, where the package is a file named after the application, without extension.

export interface ExeOptions {
  /** Gallery application name; the package arrives as a file with this name. */
  appName: string;
  /** Switches that make the installer run without a user interface. @default "/S" */
  silentArgs?: string;
  /**
   * Full path of the uninstaller, e.g. `%ProgramFiles%\myApp\uninstall.exe` (the registry's
   * `UninstallString` on a test machine tells it). Quoted by the recipe.
   */
  uninstaller: string;
  /** Switches for a silent uninstall. @default silentArgs */
  uninstallArgs?: string;
  /**
   * Name the package is downloaded as (`settings.packageFileName`); must end with .exe. When set,
   * no rename is needed. @default appName, renamed to appName.exe before running
   */
  packageFileName?: string;
}

/**
 * `.exe` installer. cmd.exe runs only files with the .exe extension, so the download is renamed
 * first; `&` (not `&&`) lets a rerun after a reboot go on when the file was already renamed.
 */
export function exe(options: ExeOptions): ManageActions {
  const b = new RecipeBuilder("windows.exe");
  const appName = b.appName(options.appName);
  const silentArgs = b.cmdArgs("silentArgs", options.silentArgs ?? "/S");
  const uninstallArgs =
    options.uninstallArgs === undefined
      ? silentArgs
      : b.cmdArgs("uninstallArgs", options.uninstallArgs);
  const uninstaller = b.cmdWord("uninstaller", options.uninstaller, { quote: "always" });
  const run =
    options.packageFileName === undefined
      ? `move .\\${appName} .\\${appName}.exe & ${appName}.exe`
      : b.packageFileName(options.packageFileName, "cmd", ".exe");
  return b.finish({
    install: joinArgs(run, silentArgs),
    remove: joinArgs(uninstaller, uninstallArgs),
  });
}

export interface MsiOptions {
  /** Gallery application name; the package arrives as a file with this name. */
  appName: string;
  /** Name the package is downloaded as (`settings.packageFileName`). @default appName */
  packageFileName?: string;
  /**
   * Product code (`{GUID}`) to uninstall by. Without it the remove command uninstalls by the
   * downloaded .msi file, which stays in the download folder.
   * @default the package file
   */
  productCode?: string;
  /**
   * Restart after (un)installing: "never" (/norestart), "always" (/forcerestart, as the VM Applications overview's
   * example), or "ifRequired" (no switch: Windows Installer restarts when it must).
   * @default "never"
   */
  restart?: "never" | "ifRequired" | "always";
}

/**
 * `.msi` package through `start /wait msiexec`, so cmd waits for the installer, then passes its
 * exit code on. The check is a second line: on one line cmd would expand %errorlevel% before
 * msiexec ran. msiexec accepts the file without its extension.
 */
export function msi(options: MsiOptions): ManageActions {
  const b = new RecipeBuilder("windows.msi");
  const appName = b.appName(options.appName);
  const file =
    options.packageFileName === undefined
      ? appName
      : b.packageFileName(options.packageFileName, "cmd");
  const restartSwitches = { never: " /norestart", ifRequired: "", always: " /forcerestart" };
  const restart = options.restart ?? "never";
  // hasOwn, not `in` or indexing: "toString" or "__proto__" would find Object.prototype members.
  const restartSwitch = Object.hasOwn(restartSwitches, restart)
    ? restartSwitches[restart]
    : b.reject(
        "restart",
        `"${String(restart)}" is not a restart choice.`,
        'Use "never", "ifRequired" or "always".',
      );
  let removeTarget = file;
  if (options.productCode !== undefined) {
    removeTarget = /^\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}$/.test(
      options.productCode,
    )
      ? options.productCode
      : b.reject(
          "productCode",
          `"${options.productCode}" is not a product code.`,
          "Give the GUID in braces, e.g. {12345678-1234-1234-1234-123456789ABC}.",
        );
  }
  const msiexec = (action: "/i" | "/x", target: string, log: string) =>
    `start /wait %windir%\\system32\\msiexec.exe ${action} ${target} /quiet${restartSwitch} /log ${appName}_${log}.log\nif %errorlevel% neq 0 exit /b %errorlevel%`;
  return b.finish({
    install: msiexec("/i", file, "install"),
    remove: msiexec("/x", removeTarget, "uninstall"),
  });
}

export interface ZipOptions {
  /** Gallery application name; the package arrives as a file with this name. */
  appName: string;
  /**
   * Absolute folder the archive is expanded into, e.g. `C:\myapp` or `%ProgramFiles%\myapp`;
   * removed on uninstall. System folders (C:\Windows and anything inside it, C:\Program Files
   * itself, a drive root, ...), `..`, and variables other than the well-known machine ones are
   * refused, as are characters PowerShell could read as code (`$ \` ; ( ) { } [ ]`).
   */
  installDir: string;
  /**
   * Name the package is downloaded as (`settings.packageFileName`); must end with .zip, which
   * Expand-Archive requires. @default appName, renamed to appName.zip before expanding
   */
  packageFileName?: string;
}

/**
 * `.zip` archive expanded with PowerShell `Expand-Archive`; removed with `rmdir /S /Q`. Paths
 * inside the PowerShell command are single-quoted (see `powershellPath`). Both commands can run
 * twice (a rerun after a reboot, an install over a previous one): the folder is created only
 * when missing, `-Force` overwrites files already expanded, and removal skips a missing folder.
 */
export function zip(options: ZipOptions): ManageActions {
  const b = new RecipeBuilder("windows.zip");
  const appName = b.appName(options.appName);
  const dir = b.cmdWord("installDir", options.installDir);
  const psDir = dir === "" ? "" : b.powershellPath("installDir", options.installDir);
  if (psDir !== "") refuseSystemDir(b, options.installDir);
  const [rename, archive] =
    options.packageFileName === undefined
      ? [`rename ${appName} ${appName}.zip && `, `'${appName}.zip'`]
      : ["", b.packageFileName(options.packageFileName, "powershell", ".zip")];
  return b.finish({
    install: `${rename}(if not exist ${dir} mkdir ${dir}) && powershell.exe -Command "Expand-Archive -Force -path ${archive} -destinationpath ${psDir}"`,
    remove: `if exist ${dir} rmdir /S /Q ${dir}`,
  });
}

function joinArgs(command: string, args: string): string {
  return args === "" ? command : `${command} ${args}`;
}

function refuseSystemDir(b: RecipeBuilder, value: string): void {
  const refusal = checkWindowsFolder(value);
  if (refusal === undefined) return;
  const example = "Expand into a folder of its own, e.g. C:\\myapp or %ProgramFiles%\\myapp.";
  switch (refusal.kind) {
    case "notAbsolute":
      b.reject(
        "installDir",
        `installDir "${value}" is not an absolute path.`,
        "Start it with a drive, e.g. C:\\myapp.",
      );
      break;
    case "parent":
      b.reject(
        "installDir",
        `installDir "${value}" contains "..", so the folder removed is not the one written.`,
        `Write the folder without "..". ${example}`,
      );
      break;
    case "unclear":
      b.reject(
        "installDir",
        `installDir "${value}" contains ${refusal.reason}, which hides the folder it names.`,
        `Write the folder's full name. ${example}`,
      );
      break;
    case "variable":
      b.reject(
        "installDir",
        `installDir "${value}" uses ${refusal.variable}, whose value the recipe cannot check against system folders.`,
        `Use a drive path or %ProgramFiles%, %ProgramFiles(x86)%, %ProgramData% or %SystemDrive%. ${example}`,
      );
      break;
    case "system":
      b.reject(
        "installDir",
        `The remove command would delete ${value}, ${describeSystemFolder(value.toLowerCase(), refusal)}.`,
        example,
      );
      break;
  }
}
