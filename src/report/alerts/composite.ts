/** CloudWatch composite alarms of the plan as alerts: the one page per unhealthy service. */
import { ofType, type Plan, type PlanResource, resourceByUrn } from "../../plan/plan";
import { type Alert, channelsOfTopics } from "./types";

export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

export function compositeAlerts(plan: Plan): Alert[] {
  return ofType(plan, COMPOSITE_ALARM).map((r) => toAlert(plan, r));
}

/** The knob sources ServiceMonitoring recorded (see components/composite-alarm.ts). */
function settingsOf(plan: Plan, r: PlanResource): Record<string, string> | undefined {
  const parent = resourceByUrn(plan, r.parent);
  return parent?.inputs.settings as Record<string, string> | undefined;
}

function toAlert(plan: Plan, r: PlanResource): Alert {
  const i = r.inputs;
  const tags = (i.tags ?? {}) as Record<string, string>;
  const name = String(i.alarmName ?? r.name);
  const rule = String(i.alarmRule ?? "");
  const children = rule.match(/ALARM\(/g)?.length ?? 0;
  const actions = ((i.alarmActions ?? []) as string[]).map(String);
  return {
    urn: r.urn,
    source: "cloudwatch",
    name,
    service: tags.service ?? "",
    environment: tags.environment ?? plan.stack,
    kind: "unhealthy",
    severity: tags.severity ?? "",
    watches: `Service unhealthy (composite of ${children} alarm${children === 1 ? "" : "s"})`,
    condition: "any child in ALARM",
    window: "as its children",
    routes: channelsOfTopics(plan, actions, name),
    runbook: tags.runbook,
    team: tags.team,
    family: "composite",
    setBy: settingsOf(plan, r)?.[name],
  };
}
