/** The plans of the Servio catalog: every family where its resource is, and no failed check. */
import { checkPlan } from "../../src/checks";
import { alertsOf } from "../../src/report/alerts";
import { renderSummary } from "../../src/report/summary";
import type { Plan } from "../../src/plan/plan";
import { plan } from "../helpers";

const families = (p: Plan) => {
  const by: Record<string, string[]> = {};
  for (const a of alertsOf(p)) by[a.service] = [...new Set([...(by[a.service] ?? []), a.family ?? "?"])].sort();
  return by;
};

describe.each(["dev", "prod"])("the %s plan", (stack) => {
  let p: Plan;
  beforeAll(async () => {
    p = await plan(stack);
  });

  it("passes every check", () => {
    expect(checkPlan(p).filter((f) => f.level === "error")).toEqual([]);
  });

  it("covers infrastructure, databases, business, custom metrics and logs", () => {
    const all = new Set(Object.values(families(p)).flat());
    for (const f of ["infrastructure", "database", "business", "custom", "logs"]) expect(all).toContain(f);
  });

  it("gives every service the families its resources call for, and prod one composite each", () => {
    // Sentry's error tracking and Datadog's APM cover every service in both stacks.
    const composite = stack === "prod" ? ["apm", "composite", "errors"] : ["apm", "errors"];
    const sorted = (f: string[]) => [...f, ...composite].sort();
    expect(families(p)).toEqual({
      accounts: sorted(["application", "business", "database", "infrastructure", "logs"]),
      notifications: ["apm", "application", "errors", "infrastructure", "logs"],
      orders: sorted(["application", "business", "custom", "database", "infrastructure", "logs"]),
      payments: sorted(["application", "business", "custom", "database", "infrastructure", "logs"]),
      web: sorted(["application", "infrastructure", "logs"]),
    });
  });

  it("shows the alerts grouped by family with the source of their knobs", () => {
    const summary = renderSummary(p);
    expect(summary).toContain("  databases (");
    expect(summary).toContain("threshold: catalog/orders.yaml");
    expect(summary).toMatch(/log group \/servio\/\w+\/orders: \d+ days \(Pulumi\.\w+\.yaml\)/);
  });
});
