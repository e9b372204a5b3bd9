/** `servio-monitoring:datadog` and a service's `apm` block: what a user may write, and the problems. */
import * as fs from "node:fs";
import * as path from "node:path";

import { loadModel } from "../src/model/load";
import { readStackConfig } from "../src/plan/stack-config";
import { PROJECT_DIR } from "./helpers";
import { problems as problemsOf } from "./metrics/model-helpers";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
/** Lines in messages are counted from the settings' key, so other keys may move it. */
const DATADOG = read("Pulumi.prod.yaml").split("\n").findIndex((l) => l.startsWith("  servio-monitoring:datadog:")) + 1;

/** The problems loading `stack` reports once `from` is replaced by `to` in `file`. */
function problems(stack: string, file: string, from: string, to: string): string[] {
  const text = read(file);
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  return problemsOf(stack, { [file]: text.replace(from, to) });
}
const prod = (from: string, to: string) => problems("prod", "Pulumi.prod.yaml", from, to);
const dev = (from: string, to: string) => problems("dev", "Pulumi.dev.yaml", from, to);

describe("servio-monitoring:datadog in Pulumi.<env>.yaml", () => {
  it("reads the settings of prod and dev without a problem", () => {
    expect(prod("env: prod", "env: prod")).toEqual([]);
    expect(dev("env: dev", "env: dev")).toEqual([]);
  });

  it("resolves tier defaults, then the environment, then the service", () => {
    const values = readStackConfig(PROJECT_DIR, "servio-monitoring", "dev").values;
    const model = loadModel(PROJECT_DIR, { stack: "dev", values });
    const orders = model.datadog!.services.orders;
    expect(orders.knobs.latency).toEqual({ enabled: true, percentile: "p99", warning: 600, critical: 5000, window: 5 });
    expect(orders.setBy).toEqual({
      "latency.warning": "catalog/orders.yaml",
      "latency.critical": "Pulumi.dev.yaml",
      "errorRate.warning": "Pulumi.dev.yaml",
      "errorRate.critical": "Pulumi.dev.yaml",
      "errorRate.window": "Pulumi.dev.yaml",
    });
    expect(model.datadog!.services.payments.operation).toBe("aws.lambda");
    expect(model.datadog!.services.web.operation).toBe("http.request");
  });

  it("rejects an unknown key with a did-you-mean", () => {
    expect(prod("renotifyMinutes: 60", "renotifyMinute: 60")).toEqual([
      `Pulumi.prod.yaml:${DATADOG + 3} config.servio-monitoring:datadog.renotifyMinute: unknown key "renotifyMinute"\n    hint: did you mean "renotifyMinutes"?`,
    ]);
  });

  it("rejects a window Datadog's monitors do not use", () => {
    expect(dev("        window: 15", "        window: 7")).toEqual([
      "Pulumi.dev.yaml:76 config.servio-monitoring:datadog.apm.errorRate.window: number 7 is not allowed\n    hint: allowed: 1, 5, 10, 15, 30, 60, 120, 240",
    ]);
  });

  it("rejects an env tag Datadog would not match", () => {
    expect(prod("env: prod", "env: Prod")).toEqual([
      `Pulumi.prod.yaml:${DATADOG + 1} config.servio-monitoring:datadog.env: must be a Datadog tag value: lower case, no spaces, found "Prod"`,
    ]);
  });

  it("rejects a warning level at or above the critical one once overrides apply", () => {
    expect(dev("        critical: 5000", "        critical: 1500")).toEqual([
      "Pulumi.dev.yaml:71 config.servio-monitoring:datadog.apm.latency.warning: warning (2000) must be below critical (1500) once the overrides are applied\n    hint: the warning level fires first, at the lower value",
    ]);
  });

  it("requires the Slack channel's name in Datadog for a routed Slack channel", () => {
    expect(prod("        chat: servio-prod-alerts", "        chatter: servio-prod-alerts")).toEqual([
      `Pulumi.prod.yaml:${DATADOG + 6} config.servio-monitoring:datadog.slack.channels: has no Slack channel name for the channel "chat", which routing reaches\n    hint: add slack.channels.chat: the channel's name in Slack, without #`,
      `Pulumi.prod.yaml:${DATADOG + 7} config.servio-monitoring:datadog.slack.channels.chatter: "chatter" is not a Slack channel\n    hint: name a channel of type slack from servio-monitoring:channels`,
    ]);
    expect(prod("    slack:\n      account: servio\n      channels:\n        chat: servio-prod-alerts\n", "")).toEqual([
      `Pulumi.prod.yaml:${DATADOG} config.servio-monitoring:datadog: routing reaches the Slack channel "chat", but "slack" is not set\n    hint: set slack.account (the Slack account in Datadog's integration) and slack.channels.chat`,
    ]);
  });

  it("rejects an SLO target of 100 % and a timeframe Datadog does not offer", () => {
    expect(prod("    renotifyMinutes: 60\n", "    renotifyMinutes: 60\n    apm:\n      slo:\n        availability: 100\n        timeframe: 14d\n")).toEqual([
      `Pulumi.prod.yaml:${DATADOG + 6} config.servio-monitoring:datadog.apm.slo.availability: must be less than 100, found number 100`,
      `Pulumi.prod.yaml:${DATADOG + 7} config.servio-monitoring:datadog.apm.slo.timeframe: "14d" is not allowed\n    hint: did you mean "7d"? (allowed: "7d", "30d", "90d")`,
    ]);
  });
});

describe("a service's apm block in its catalog file", () => {
  it("rejects an operation that is not a span name", () => {
    expect(problems("prod", "catalog/accounts.yaml", "operation: django.request", "operation: django request")).toEqual([
      'catalog/accounts.yaml:32 apm.operation: must be a span name such as "http.request", found "django request"',
    ]);
  });

  it("rejects a warning above the critical level, against the catalog file", () => {
    expect(problems("prod", "catalog/orders.yaml", "    warning: 600", "    warning: 2000")).toEqual([
      "catalog/orders.yaml:56 apm.latency.warning: warning (2000) must be below critical (1500) once the overrides are applied\n    hint: the warning level fires first, at the lower value",
    ]);
  });

  it("rejects an unknown monitor with a did-you-mean", () => {
    expect(problems("prod", "catalog/orders.yaml", "  latency:\n", "  latncy:\n")).toEqual([
      'catalog/orders.yaml:55 apm.latncy: unknown key "latncy"\n    hint: did you mean "latency"?',
    ]);
  });
});
