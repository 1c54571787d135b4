/** Where a command writes. Tests and the demo pass their own; the bin passes the process's. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: colours, aligned tables and a live progress bar. */
  readonly isTty: boolean;
  /** Rewrites the current terminal line (progress). Absent when not a TTY. */
  rewrite?(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): Io {
  const isTty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTty,
    rewrite: isTty ? (text) => process.stdout.write(`\r\x1b[2K${text}`) : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An Io that records lines, for the demo's in-process runs and for tests. */
export function bufferIo(
  options: { isTty?: boolean; env?: Record<string, string | undefined>; cwd?: string } = {},
): Io & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    isTty: options.isTty ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
}

const codes = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
export type Style = keyof typeof codes;

/** Styles text only on a terminal, so piped output and logs stay plain. */
export function style(io: Pick<Io, "isTty">, name: Style, text: string): string {
  return io.isTty ? `\x1b[${codes[name]}m${text}\x1b[0m` : text;
}
