import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_DIR } from "./helpers";
import { problems } from "./metrics/model-helpers";

const PROD = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
const ORDERS = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");

/** The 1-based line of the first line of `text` that starts with `start`. */
function lineOf(text: string, start: string): number {
  const line = text.split("\n").findIndex((l) => l.trimStart().startsWith(start));
  if (line < 0) throw new Error(`no line starts with "${start}"`);
  return line + 1;
}
/** Lines in messages are counted from the settings' key, so other keys may move it. */
const SENTRY = lineOf(PROD, "servio-monitoring:sentry:");
const PLATFORM = lineOf(ORDERS, "platform:");

/** The problems loading prod reports once `from` is replaced by `to` in Pulumi.prod.yaml. */
function prodProblems(from: string, to: string, files: Record<string, string> = {}): string[] {
  if (!PROD.includes(from)) throw new Error(`Pulumi.prod.yaml has no "${from}"`);
  return problems("prod", { "Pulumi.prod.yaml": PROD.replace(from, to), ...files });
}

describe("servio-monitoring:sentry in Pulumi.<env>.yaml", () => {
  it("reads the settings of prod without a problem", () => {
    expect(prodProblems("organization: servio", "organization: servio")).toEqual([]);
  });

  it("rejects an unknown key with a did-you-mean", () => {
    expect(prodProblems("    keyRateLimit:", "    keyRateLimits:")).toEqual([
      `Pulumi.prod.yaml:${SENTRY} config.servio-monitoring:sentry.keyRateLimit: is missing (expected a mapping)`,
      `Pulumi.prod.yaml:${SENTRY + 3} config.servio-monitoring:sentry.keyRateLimits: unknown key "keyRateLimits"\n    hint: did you mean "keyRateLimit"?`,
    ]);
  });

  it("rejects a high-frequency interval Sentry does not offer", () => {
    expect(prodProblems("interval: 5m", "interval: 10m")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 9} config.servio-monitoring:sentry.highFrequency.interval: "10m" is not allowed\n    hint: did you mean "1m"? (allowed: "1m", "5m", "15m", "1h", "1d", "1w", "30d")`,
    ]);
  });

  it("rejects an action interval outside Sentry's bounds", () => {
    expect(prodProblems("actionInterval: 30", "actionInterval: 2")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 6} config.servio-monitoring:sentry.actionInterval: must be at least 5, found number 2`,
    ]);
  });

  it("rejects a warning level at or above the critical one", () => {
    expect(prodProblems("warning: 2\n", "warning: 5\n")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 11} config.servio-monitoring:sentry.errorRate.warning: warning (5) must be below critical (5)\n    hint: the warning trigger fires first, at the lower value`,
    ]);
  });

  it("requires Sentry's PagerDuty service of every service when a route pages", () => {
    expect(prodProblems("        web: 210435\n", "")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 20} config.servio-monitoring:sentry.pagerduty.services: has no PagerDuty service for web\n    hint: add the id of each service in Sentry's PagerDuty integration`,
    ]);
  });

  it("needs no PagerDuty service for a service whose Sentry rules never page (tier 3)", () => {
    expect(prodProblems("        notifications: 210432\n", "")).toEqual([]);
  });

  it("requires an internal integration for a routed webhook channel", () => {
    const app = "    webhooks:\n      ticket:\n        sentryAppId: 4821\n        installationUuid: 8f0c6d2e-2b1a-4c7e-9d35-61b0a4f8e2c7\n";
    expect(prodProblems(app, "")).toEqual([
      `Pulumi.prod.yaml:${SENTRY} config.servio-monitoring:sentry.webhooks: routing reaches the webhook channel "ticket", which has no Sentry internal integration\n    hint: Sentry posts to a webhook only through one: set webhooks.ticket.sentryAppId and installationUuid`,
    ]);
  });

  it("requires Sentry's Slack integration for a routed slack channel", () => {
    const slack = PROD.slice(PROD.indexOf("    slack:\n"), PROD.indexOf('"#servio-prod-alerts"\n') + 22);
    expect(prodProblems(slack, "")).toEqual([
      `Pulumi.prod.yaml:${SENTRY} config.servio-monitoring:sentry: routing reaches the slack channel "chat", which Sentry's Slack integration does not name\n    hint: set slack.integrationId and slack.channels.chat (its name in Slack, e.g. "#servio-alerts")`,
    ]);
    expect(prodProblems('chat: "#servio-prod-alerts"', 'ticket: "#servio-prod-alerts"')).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 32} config.servio-monitoring:sentry.slack.channels: routing reaches the slack channel "chat", which Sentry's Slack integration does not name\n    hint: set slack.integrationId and slack.channels.chat (its name in Slack, e.g. "#servio-alerts")`,
      `Pulumi.prod.yaml:${SENTRY + 33} config.servio-monitoring:sentry.slack.channels.ticket: "ticket" is not a slack channel\n    hint: name a channel of type slack from servio-monitoring:channels`,
    ]);
    expect(prodProblems('chat: "#servio-prod-alerts"', "chat: C07EZ1ABC23")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 33} config.servio-monitoring:sentry.slack.channels.chat: must be a Slack channel name such as "#servio-alerts", found "C07EZ1ABC23"`,
    ]);
  });

  it("rejects a platform Sentry does not know in the catalog", () => {
    const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");
    const problems = prodProblems("organization: servio", "organization: servio", {
      "catalog/orders.yaml": orders.replace("platform: node", "platform: nodejs"),
    });
    expect(problems).toEqual([
      `catalog/orders.yaml:${PLATFORM} platform: "nodejs" is not allowed\n    hint: did you mean "node"?`,
    ]);
  });
  it("rejects a PagerDuty service for a service the catalog does not have", () => {
    expect(prodProblems("        web: 210435\n", "        web: 210435\n        wbe: 210436\n")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 26} config.servio-monitoring:sentry.pagerduty.services.wbe: unknown service "wbe"\n    hint: catalog services: accounts, notifications, orders, payments, web`,
    ]);
  });

  it("requires the PagerDuty integration when a route pages", () => {
    const pagerduty = PROD.slice(PROD.indexOf("    pagerduty:\n"), PROD.indexOf("    webhooks:\n"));
    expect(prodProblems(pagerduty, "")).toEqual([
      `Pulumi.prod.yaml:${SENTRY} config.servio-monitoring:sentry: routing reaches the PagerDuty channel "page", but "pagerduty" is not set\n    hint: set pagerduty.integrationId and pagerduty.services.<service> (Sentry's ids)`,
    ]);
  });

  it("rejects an internal integration for a channel that is not a webhook", () => {
    expect(prodProblems("      ticket:\n        sentryAppId", "      email:\n        sentryAppId")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 26} config.servio-monitoring:sentry.webhooks: routing reaches the webhook channel "ticket", which has no Sentry internal integration\n    hint: Sentry posts to a webhook only through one: set webhooks.ticket.sentryAppId and installationUuid`,
      `Pulumi.prod.yaml:${SENTRY + 27} config.servio-monitoring:sentry.webhooks.email: "email" is not a webhook channel\n    hint: name a channel of type webhook from servio-monitoring:channels`,
    ]);
  });

  it("rejects an error rate above 100 %", () => {
    expect(prodProblems("critical: 5\n", "critical: 500\n")).toEqual([
      `Pulumi.prod.yaml:${SENTRY + 12} config.servio-monitoring:sentry.errorRate.critical: 500 % is more than 100 %\n    hint: give the rate as a percentage between 0 and 100`,
    ]);
  });
});
