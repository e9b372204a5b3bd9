/** The pure monitor and SLO specs: one value builds a query and its thresholds, for every tier. */
import { parseQuery } from "../src/checks/datadog-query";
import { APM_TIER_DEFAULTS, type ResolvedApm } from "../src/model/datadog";
import { type ApmContext, monitorSpecs, sloSpecs } from "../src/model/datadog-monitors";
import { TIERS } from "../src/model/vocabulary";

const ctx: ApmContext = {
  environment: "prod",
  settings: { env: "prod", evaluationDelay: 60, renotifyMinutes: 0 },
  channels: { email: { type: "email", addresses: ["sre@servio.example"] }, page: { type: "pagerduty" } },
  routing: { critical: ["page", "email"], warning: ["email"], info: [] },
};
const service = (tier: 1 | 2 | 3) => ({
  name: "orders", description: "Orders API", tier, runbook: "https://runbooks.servio.example/orders",
  team: { name: "checkout", displayName: "Checkout", email: "checkout@servio.example" },
});
const apm = (tier: 1 | 2 | 3, change: (k: ResolvedApm["knobs"]) => void = () => undefined): ResolvedApm => {
  const knobs = structuredClone(APM_TIER_DEFAULTS[tier]);
  change(knobs);
  return { operation: "http.request", knobs, setBy: {} };
};

describe("APM monitor specs", () => {
  it.each(TIERS)("write the query's threshold and the critical threshold from one value (tier %i)", (tier) => {
    for (const critical of [0.3, 1, 7.25, 1234]) {
      const specs = monitorSpecs(ctx, service(tier), apm(tier, (k) => {
        k.latency.critical = critical * 1000;
        k.latency.warning = critical * 500;
        k.errorRate.critical = Math.min(critical, 100);
        k.errorRate.warning = Math.min(critical, 100) / 2;
      }));
      for (const spec of specs) expect(parseQuery(spec.query).parsed.threshold).toBe(spec.thresholds.critical);
    }
  });

  it("leaves out a monitor that is turned off", () => {
    const specs = monitorSpecs(ctx, service(1), apm(1, (k) => (k.throughput.enabled = false)));
    expect(specs.map((s) => s.kind)).toEqual(["latency", "errorRate"]);
  });

  it("pages on alert only: the warning block names the warning route's handles", () => {
    const errorRate = monitorSpecs(ctx, service(1), apm(1)).find((s) => s.kind === "errorRate")!;
    expect(errorRate.message.split("\n").slice(0, 2)).toEqual([
      "{{#is_alert}}[critical] orders: more than 2 % of trace.http.request requests fail over 5 min. " +
        "Notifying: @pagerduty-servio-prod-orders @sre@servio.example{{/is_alert}}",
      "{{#is_warning}}[warning] orders: more than 1 % of trace.http.request requests fail over 5 min. " +
        "Notifying: @sre@servio.example{{/is_warning}}",
    ]);
    expect(errorRate.renotifyInterval).toBeUndefined();
  });

  it("gives each SLO a warning halfway between its target and 100 %", () => {
    expect(sloSpecs(ctx, service(2), apm(2)).map((s) => s.thresholds)).toEqual([
      [{ timeframe: "30d", target: 99.5, warning: 99.75 }],
      [{ timeframe: "30d", target: 95, warning: 97.5 }],
    ]);
  });
});

describe("numbers in Datadog queries", () => {
  it("are plain decimals, never JavaScript's exponent form", () => {
    const { decimal } = require("../src/model/datadog-monitors") as typeof import("../src/model/datadog-monitors");
    expect([1e-7, 0.0001, 1.5e-10, 2, 0.5, 1e21, -3e-7].map(decimal)).toEqual([
      "0.0000001", "0.0001", "0.00000000015", "2", "0.5", "1000000000000000000000", "-0.0000003",
    ]);
  });
});
