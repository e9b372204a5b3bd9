/**
 * The Datadog SLOs of a plan, for the summary: each service's availability and latency
 * objectives with their timeframe, target and warning. SLOs are not alerts, so the alert
 * tables do not show them.
 */
import { ofType, type Plan } from "../plan/plan";
import { table } from "./table";

const SLO = "datadog:index/serviceLevelObjective:ServiceLevelObjective";

/** Lines of the "Datadog SLOs" section; none when the plan declares no SLO. */
export function datadogSloLines(plan: Plan): string[] {
  const slos = ofType(plan, SLO);
  if (slos.length === 0) return [];
  const rows = slos
    .map((s) => {
      const i = s.inputs;
      const t = ((i.thresholds ?? []) as { timeframe?: string; target?: number; warning?: number }[])[0] ?? {};
      const warning = t.warning === undefined ? "-" : `${t.warning} %`;
      const objective = String(i.description ?? "").split(". ")[0];
      return [String(i.name), objective, String(t.timeframe ?? "-"), `${String(t.target)} %`, warning];
    })
    .sort((a, b) => a[0].localeCompare(b[0]));
  const header = ["slo", "objective", "timeframe", "target", "warning"];
  return [`Datadog SLOs: ${slos.length}`, ...table([header, ...rows], { indent: 2 }), ""];
}
