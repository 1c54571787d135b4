import type { CostEstimate } from "../../core";
import type { Column } from "./table";
import { formatUsd } from "./values";

/** Storage per month and one-time egress per region, when there is an estimate. */
export function costColumns<Row extends { region: string }>(
  cost: CostEstimate | undefined,
): Column<Row>[] {
  if (!cost) return [];
  const of = (row: Row) => cost.perRegion.find((entry) => entry.region === row.region);
  return [
    { header: "Storage/month", value: (row) => money(of(row)?.storagePerMonth), align: "right" },
    { header: "Egress (once)", value: (row) => money(of(row)?.oneTimeEgress), align: "right" },
  ];
}

function money(amount: number | undefined): string {
  return amount === undefined ? "—" : formatUsd(amount);
}
