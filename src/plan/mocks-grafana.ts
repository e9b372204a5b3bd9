/**
 * Grafana resources offline: what the provider reports back once they exist, derived from their
 * inputs so that every plan is the same (uids are ours; numeric ids from a hash).
 */
import { createHash } from "node:crypto";

/** The Grafana instance every offline plan pretends to talk to. */
export const GRAFANA_URL = "https://grafana.offline.invalid";

const numeric = (seed: string) =>
  1 + (parseInt(createHash("sha256").update(seed).digest("hex").slice(0, 8), 16) % 999_999);

/** Outputs of a Grafana resource: `id`, and a dashboard's uid, numeric id, version and URL. */
export function grafanaOutputs(
  type: string, name: string, inputs: Record<string, unknown>,
): Record<string, unknown> {
  switch (type) {
    case "grafana:oss/folder:Folder":
      return { id: `1:${String(inputs.uid)}`, url: `${GRAFANA_URL}/dashboards/f/${String(inputs.uid)}` };
    case "grafana:oss/dataSource:DataSource":
      return { id: `1:${String(inputs.uid)}` };
    case "grafana:oss/dashboard:Dashboard": {
      const model = JSON.parse(String(inputs.configJson ?? "{}")) as { uid?: unknown };
      const uid = String(model.uid ?? name);
      return { id: `1:${uid}`, uid, dashboardId: numeric(uid), version: 1, url: `${GRAFANA_URL}/d/${uid}` };
    }
  }
  return { id: `1:${name}` };
}
