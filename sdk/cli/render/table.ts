export interface Column<Row> {
  header: string;
  value(row: Row): string;
  align?: "left" | "right";
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colour codes we add
const ansi = /\x1b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ansi, "").length;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - visibleLength(text)));
  return align === "right" ? fill + text : text + fill;
}

/**
 * Aligned columns, readable at a glance in a terminal and in a CI log alike (colour codes only
 * on a terminal, see `style`). A cell may hold several lines: the row grows downwards.
 */
export function renderTable<Row>(columns: Column<Row>[], rows: Row[]): string[] {
  const cells = rows.map((row) => columns.map((column) => column.value(row).split("\n")));
  const widths = columns.map((column, i) =>
    Math.max(
      visibleLength(column.header),
      ...cells.flatMap((row) => (row[i] ?? []).map(visibleLength)),
    ),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => pad(value, widths[i] ?? 0, columns[i]?.align ?? "left"))
      .join("  ")
      .trimEnd();
  const output = [line(columns.map((column) => column.header))];
  output.push(line(widths.map((width) => "─".repeat(width))));
  for (const row of cells) {
    const height = Math.max(...row.map((lines) => lines.length));
    for (let i = 0; i < height; i++) output.push(line(row.map((lines) => lines[i] ?? "")));
  }
  return output;
}
