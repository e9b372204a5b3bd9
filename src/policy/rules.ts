/**
 * The team's alerting rules, as pure functions of a Plan and the environment's settings. The
 * same rules run offline in `npm run plan` and in `pulumi preview --policy-pack policy`
 * (policy/index.ts turns the engine's resources into a Plan). A `mandatory` violation fails
 * the plan; an `advisory` one is printed.
 */
import type { Plan } from "../plan/plan";
import { type Alert, alertsOf } from "../report/alerts";
import { actionsOf, datapointsToAlarm, pagesThrough, pagingChannels, STATEFUL_TYPES } from "../report/facts";
import type { PolicySettings } from "./settings";

/** As in CrossGuard: `mandatory` fails the plan, `advisory` warns. */
export type EnforcementLevel = "mandatory" | "advisory";

export interface Violation {
  rule: string;
  level: EnforcementLevel;
  /** The resource at fault. */
  urn: string;
  message: string;
}

export interface Rule {
  /** Kebab-case name, also the CrossGuard policy name. */
  name: string;
  /** One sentence saying what the rule requires and why. */
  description: string;
  enforcementLevel: EnforcementLevel;
  /** The resources at fault with the message a person reads (without the rule's name). */
  check(plan: Plan, settings: PolicySettings): { urn: string; message: string }[];
}

/** Every alert, or none where production rules do not apply. */
function productionAlerts(plan: Plan, settings: PolicySettings): Alert[] {
  return settings.production ? alertsOf(plan) : [];
}

/** Alerts grouped by service, in the order of their first alert. */
function byService(alerts: Alert[]): Alert[][] {
  const groups = new Map<string, Alert[]>();
  for (const a of alerts) groups.set(a.service, [...(groups.get(a.service) ?? []), a]);
  return [...groups.values()];
}

const catalogHint = (a: Alert, key: string) => `set "${key}" in the catalog file of service "${a.service}"`;

export const RULES: Rule[] = [
  {
    name: "alert-has-runbook",
    description: "In production every alert links a runbook: the page that says what to do when it fires.",
    enforcementLevel: "mandatory",
    // A service without a runbook leaves all its alerts without one: told once per service.
    check: (plan, settings) => byService(productionAlerts(plan, settings).filter((a) => !a.runbook)).map((alerts) => ({
      urn: alerts[0].urn,
      message: `${alerts.length === 1 ? alerts[0].name : `${alerts[0].name} and ${alerts.length - 1} more alerts of "${alerts[0].service}"`} ` +
        `${alerts.length === 1 ? "has" : "have"} no runbook; in production every alert links one: ${catalogHint(alerts[0], "runbook")}`,
    })),
  },
  {
    name: "alert-has-owner",
    description: "In production every alert names the team that owns it.",
    enforcementLevel: "mandatory",
    check: (plan, settings) => productionAlerts(plan, settings).filter((a) => !a.team).map((a) => ({
      urn: a.urn,
      message: `${a.name} has no owner; in production every alert names its team: ${catalogHint(a, "team")}`,
    })),
  },
  {
    name: "alert-has-action",
    description: "In production every alert does something when it fires (at least one alarm action).",
    enforcementLevel: "mandatory",
    check: (plan, settings) => productionAlerts(plan, settings).filter((a) => actionsOf(plan, a).length === 0).map((a) => ({
      urn: a.urn,
      message: `${a.name} has no action; in production every alert notifies a topic or a channel when it fires`,
    })),
  },
  {
    name: "paging-alert-needs-several-datapoints",
    description: "An alert that pages fires only when more than one datapoint breaches, so one bad sample wakes nobody.",
    enforcementLevel: "mandatory",
    check: (plan) => {
      const paging = pagingChannels(plan);
      return alertsOf(plan).flatMap((a) => {
        const through = pagesThrough(a, paging);
        const datapoints = datapointsToAlarm(plan, a);
        if (through.length === 0 || datapoints === undefined || datapoints > 1) return [];
        return [{
          urn: a.urn,
          message: `${a.name} pages through ${through.join(", ")} on a single datapoint (${a.window}); ` +
            `a paging alert needs at least 2: raise datapointsToAlarm of ${a.kind} in servio-monitoring:alarms or the catalog file's alarms`,
        }];
      });
    },
  },
  {
    name: "alert-has-route",
    description: "Every alert reaches at least one channel; an alert nobody hears of is noise in the console.",
    // Advisory: a stack may drop a severity on purpose (dev routes info nowhere); it warns.
    enforcementLevel: "advisory",
    check: (plan) => alertsOf(plan).filter((a) => a.routes.length === 0).map((a) => ({
      urn: a.urn,
      // Other vendors' actions are built from the routing itself: empty means nothing routed.
      message: a.source === "cloudwatch" && actionsOf(plan, a).length === 0
        ? `${a.name} reaches nobody: it notifies no topic or channel when it fires`
        : `${a.name} reaches nobody: severity "${a.severity}" is routed to no channel; ` +
          "route it in servio-monitoring:routing or disable the alert",
    })),
  },
  {
    name: "stateful-resources-protected",
    description: "Where the environment protects (servio-monitoring:protect), stateful monitoring resources are protected from deletion.",
    enforcementLevel: "mandatory",
    check: (plan, settings) => settings.protect
      ? plan.resources.filter((r) => r.type in STATEFUL_TYPES && !r.protect).map((r) => ({
        urn: r.urn,
        message: `${r.type} "${r.name}" is not protected, but this environment protects stateful resources ` +
          `(servio-monitoring:protect: true); deleting it would lose ${STATEFUL_TYPES[r.type]}: declare it with protect: true`,
      }))
      : [],
  },
  {
    name: "alert-names-unique",
    description: "Alert names are unique: two alerts of one name overwrite each other at the vendor and confuse whoever is paged.",
    enforcementLevel: "mandatory",
    check: (plan) => {
      const byName = new Map<string, Alert[]>();
      for (const a of alertsOf(plan)) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
      return [...byName.values()].filter((same) => same.length > 1).flatMap((same) => same.slice(1).map((a) => ({
        urn: a.urn,
        message: `alert name "${a.name}" is used by ${same.length} alerts (${same.map((x) => urnName(x.urn)).join(", ")}); give each its own name`,
      })));
    },
  },
];

/** Every violation of every rule, in rule order then URN order. */
export function evaluatePolicies(plan: Plan, settings: PolicySettings, rules: Rule[] = RULES): Violation[] {
  return rules.flatMap((rule) => rule.check(plan, settings)
    .sort((a, b) => a.urn.localeCompare(b.urn))
    .map((v) => ({ rule: rule.name, level: rule.enforcementLevel, ...v })));
}

/** `mandatory: [alert-has-runbook] servio/prod/orders/uptime has no runbook; …` */
export function formatViolation(v: Violation): string {
  return `${v.level}: [${v.rule}] ${v.message}`;
}

/** The logical name at the end of a URN. */
function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}
