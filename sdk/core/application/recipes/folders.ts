// Folders a recipe's remove command must never delete, for both systems in one place. Paths are
// compared after normalising them as the OS would (pure string logic, nothing is read from disk),
// so "/./usr", "C:\Windows.\" or "%SystemRoot%" cannot slip past.

/**
 * "itself": only the folder itself is refused (a folder of its own inside it is fine);
 * "subtree": the folder and everything inside it. A `*` segment stands for any one folder.
 */
type Scope = "itself" | "subtree";

const LINUX_PROTECTED: ReadonlyArray<[string, Scope]> = [
  ...itself(
    "/ /home /home/* /root /opt /srv /mnt /media /tmp /snap /usr /usr/lib /usr/lib64 /usr/share /usr/include /usr/src /usr/local /usr/local/lib /usr/local/share /usr/local/include /usr/local/src /usr/local/etc /var /var/lib /var/log /var/opt /var/cache /var/tmp /var/spool",
  ),
  ...subtree(
    "/bin /sbin /boot /dev /etc /lib /lib32 /lib64 /libx32 /proc /run /sys /usr/bin /usr/sbin /usr/libexec /usr/local/bin /usr/local/sbin /var/lib/dpkg /var/lib/apt",
  ),
];

// Windows paths in lower case; every drive root (X:\) is refused as well.
const WINDOWS_PROTECTED: ReadonlyArray<[string, Scope]> = [
  ...itself(
    "c:\\program files|c:\\program files (x86)|c:\\program files\\common files|c:\\program files (x86)\\common files|c:\\programdata|c:\\users|c:\\users\\*",
    "|",
  ),
  ...subtree(
    "c:\\windows|c:\\program files\\windowsapps|c:\\programdata\\microsoft|c:\\boot|c:\\recovery|c:\\system volume information",
    "|",
  ),
];

/**
 * Values of the variables a Windows path may start with, as cmd.exe expands them for the VM
 * application extension, which runs as SYSTEM: the per-user ones therefore point into C:\Windows.
 * Any other variable could be anything, so a path using one is refused.
 */
const WINDOWS_VARIABLES: Readonly<Record<string, string>> = {
  systemdrive: "c:",
  homedrive: "c:",
  systemroot: "c:\\windows",
  windir: "c:\\windows",
  programfiles: "c:\\program files",
  programw6432: "c:\\program files",
  "programfiles(x86)": "c:\\program files (x86)",
  commonprogramfiles: "c:\\program files\\common files",
  commonprogramw6432: "c:\\program files\\common files",
  "commonprogramfiles(x86)": "c:\\program files (x86)\\common files",
  programdata: "c:\\programdata",
  allusersprofile: "c:\\programdata",
  public: "c:\\users\\public",
  userprofile: "c:\\windows\\system32\\config\\systemprofile",
  appdata: "c:\\windows\\system32\\config\\systemprofile\\appdata\\roaming",
  localappdata: "c:\\windows\\system32\\config\\systemprofile\\appdata\\local",
  temp: "c:\\windows\\temp",
  tmp: "c:\\windows\\temp",
};

/** Why a folder cannot be a recipe's install or remove folder. */
export type FolderRefusal =
  | { kind: "parent" }
  | { kind: "notAbsolute" }
  | { kind: "unclear"; reason: string }
  | { kind: "variable"; variable: string }
  | { kind: "system"; normalized: string; protectedFolder: string };

/** A Linux folder as the kernel resolves it, checked against the protected folders. */
export function checkLinuxFolder(path: string): FolderRefusal | undefined {
  if (!path.startsWith("/")) return { kind: "notAbsolute" };
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return { kind: "parent" };
  return systemRefusal(`/${segments.join("/")}`, LINUX_PROTECTED, "/");
}

/**
 * A Windows folder as Win32 resolves it: / and \ alike, repeated separators collapsed, `.`
 * segments dropped, trailing dots and spaces of each segment ignored, case ignored, known
 * variables expanded. `..` (also written ". ." or "...") is refused rather than resolved, and so
 * are 8.3 short names (PROGRA~1) and colons past the drive, which hide the folder meant.
 */
export function checkWindowsFolder(path: string): FolderRefusal | undefined {
  let unknown: string | undefined;
  const expanded = path.replace(/%([^%]+)%/g, (reference, name: string) => {
    const key = name.toLowerCase();
    if (Object.hasOwn(WINDOWS_VARIABLES, key)) return WINDOWS_VARIABLES[key] ?? reference;
    unknown ??= reference;
    return reference;
  });
  if (unknown !== undefined) return { kind: "variable", variable: unknown };
  const lower = expanded.toLowerCase().replace(/\//g, "\\");
  if (!/^[a-z]:\\/.test(lower)) return { kind: "notAbsolute" };
  const [drive = "", ...rest] = lower.split("\\");
  const segments: string[] = [];
  for (const segment of rest) {
    if (segment === "" || segment === ".") continue;
    // Win32 drops trailing dots and spaces, so ". ." and "..." can mean "..".
    if (/^[. ]+$/.test(segment)) return { kind: "parent" };
    segments.push(segment.replace(/[. ]+$/, ""));
  }
  if (segments.some((segment) => /~\d/.test(segment))) {
    return { kind: "unclear", reason: "an 8.3 short name (like PROGRA~1)" };
  }
  if (segments.some((segment) => segment.includes(":"))) {
    return { kind: "unclear", reason: "a colon after the drive" };
  }
  const normalized = [drive, ...segments].join("\\");
  if (segments.length === 0) {
    return { kind: "system", normalized: `${drive}\\`, protectedFolder: `${drive}\\` };
  }
  return systemRefusal(normalized, WINDOWS_PROTECTED, "\\");
}

/** "a system folder (/usr)", or "inside the system folder /etc", saying what `written` resolves to. */
export function describeSystemFolder(
  written: string,
  refusal: { normalized: string; protectedFolder: string },
): string {
  const where =
    refusal.normalized === refusal.protectedFolder
      ? `a system folder (${refusal.protectedFolder})`
      : `inside the system folder ${refusal.protectedFolder}`;
  return written === refusal.normalized ? where : `${where}; it resolves to ${refusal.normalized}`;
}

function systemRefusal(
  normalized: string,
  protectedFolders: ReadonlyArray<[string, Scope]>,
  separator: string,
): FolderRefusal | undefined {
  const segments = normalized.split(separator).filter(Boolean);
  for (const [folder, scope] of protectedFolders) {
    const pattern = folder.split(separator).filter(Boolean);
    const inside = scope === "subtree" && segments.length >= pattern.length;
    if (segments.length !== pattern.length && !inside) continue;
    if (pattern.every((part, index) => part === "*" || part === segments[index])) {
      const matched = segments.slice(0, pattern.length).join(separator);
      const protectedFolder = separator === "/" ? `/${matched}` : matched;
      return { kind: "system", normalized, protectedFolder };
    }
  }
  return undefined;
}

function itself(list: string, separator = " "): Array<[string, Scope]> {
  return list.split(separator).map((folder) => [folder, "itself"]);
}

function subtree(list: string, separator = " "): Array<[string, Scope]> {
  return list.split(separator).map((folder) => [folder, "subtree"]);
}
