import type {
  RegionReplication,
  ReplicationStatus,
  VersionReplicationState,
} from "../../core/shared/status/replicationStatus";
import { statusSummary } from "../../core/shared/status/replicationStatus";
import { type Io, type Style, style } from "./output";
import { renderTable } from "./table";

const STATE_STYLE: Record<VersionReplicationState | RegionReplication["state"], Style> = {
  Available: "green",
  Completed: "green",
  PartiallyAvailable: "yellow",
  Replicating: "cyan",
  Failed: "red",
  Unknown: "dim",
};

function progressText(region: RegionReplication): string {
  return region.progress === undefined ? "" : `${region.progress}%`;
}

/** The overall state on the first line, then the version and a table of its regions. */
export function replicationLines(
  io: Pick<Io, "isTty">,
  id: string,
  status: ReplicationStatus,
): string[] {
  const [state, ...rest] = statusSummary(status).split(": ");
  const lines = [
    `${style(io, STATE_STYLE[status.state], state ?? status.state)}: ${rest.join(": ")}`,
  ];
  lines.push(style(io, "dim", id));
  if (status.regions.length === 0) return lines;
  lines.push(
    "",
    ...renderTable<RegionReplication>(
      [
        { header: "region", value: (r) => r.region },
        { header: "state", value: (r) => style(io, STATE_STYLE[r.state], r.state) },
        { header: "progress", value: progressText, align: "right" },
        { header: "details", value: (r) => r.details },
      ],
      status.regions,
    ),
  );
  return lines;
}

/** One line while watching: the summary and the progress of each region still replicating. */
export function watchLine(status: ReplicationStatus): string {
  const copying = status.regions
    .filter((region) => region.state === "Replicating")
    .map((region) => `${region.region} ${progressText(region) || "…"}`);
  return copying.length > 0
    ? `${statusSummary(status)} (${copying.join(", ")})`
    : statusSummary(status);
}

/** The status as `--json` prints it. */
export function replicationJson(id: string, status: ReplicationStatus, exitCode: number) {
  return { id, state: status.state, exitCode, regions: status.regions };
}
