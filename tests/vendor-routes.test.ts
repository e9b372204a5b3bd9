/** Every vendor reaches a channel the same way: one Slack channel, one place; shared handles. */
import * as fs from "node:fs";
import * as path from "node:path";

import { alertsOf } from "../src/report/alerts";
import { byName, cli, plan, PROJECT_DIR, projectCopy } from "./helpers";

const PROD = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
const lineOf = (text: string, start: string) => text.split("\n").findIndex((l) => l.includes(start)) + 1;

describe("routes shared by Sentry and Datadog", () => {
  it("refuses a Slack channel that Datadog and Sentry name differently", async () => {
    const changed = PROD.replace("        chat: servio-prod-alerts", "        chat: general");
    const r = await cli(["plan", "--stack", "prod"], projectCopy({ "Pulumi.prod.yaml": changed }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Pulumi.prod.yaml:${lineOf(changed, "chat: general")} config.servio-monitoring:datadog.slack.channels.chat: ` +
        `names the Slack channel "general" for "chat", but Sentry's settings name "#servio-prod-alerts"\n` +
        "    hint: one channel is one place in Slack: make both name it (Sentry with #, Datadog without)",
    );
  });

  it("reports both channels of a handle two PagerDuty channels share, and notifies it once", async () => {
    const changed = PROD
      .replace("    page:\n      type: pagerduty\n", "    page:\n      type: pagerduty\n    urgent:\n      type: pagerduty\n")
      .replace("    critical: [page, chat, email]", "    critical: [page, urgent, chat, email]");
    expect(changed).not.toBe(PROD);
    const p = await plan("prod", projectCopy({ "Pulumi.prod.yaml": changed }));
    const alert = alertsOf(p).find((a) => a.name === "servio/prod/orders/apm-error-rate/critical")!;
    expect(alert.routes).toEqual(["chat", "email", "page", "urgent"]);
    const message = String(byName(p, "prod-orders-apm-error-rate").inputs.message);
    expect(message.match(/@pagerduty-servio-prod-orders/g)).toHaveLength(1);
  });
});

describe("team names", () => {
  it("refuses a team key longer than a Sentry slug", async () => {
    const teams = fs.readFileSync(path.join(PROJECT_DIR, "teams.yaml"), "utf8");
    const long = `checkout-${"y".repeat(50)}`;
    const r = await cli(["plan"], projectCopy({ "teams.yaml": teams.replace("  checkout:", `  ${long}:`) }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`teams.yaml:8 teams.${long}: key "${long}" must be at most 50 characters long`);
  });
});

describe("text copied into Datadog messages", () => {
  it("refuses template blocks in a description and a handle in a team's name", async () => {
    const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog/orders.yaml"), "utf8");
    const teams = fs.readFileSync(path.join(PROJECT_DIR, "teams.yaml"), "utf8");
    const r = await cli(["plan"], projectCopy({
      "catalog/orders.yaml": orders.replace(/^description: .*$/m, "description: Orders API {{#is_warning}}"),
      "teams.yaml": teams.replace("displayName: Checkout", "displayName: Checkout @here"),
    }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'catalog/orders.yaml:2 description: must not contain "{{" or "}}": Datadog messages read them as template blocks',
    );
    expect(r.stderr).toContain(
      "teams.checkout.displayName: must not contain an @-handle: Datadog would notify whoever it names",
    );
  });
});

describe("what two stacks must not share", () => {
  it("refuses dev holding prod's Sentry organization and Datadog env", async () => {
    const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
    const changed = dev.replace("organization: servio-dev", "organization: servio").replace("    env: dev", "    env: prod");
    const r = await cli(["plan"], projectCopy({ "Pulumi.dev.yaml": changed }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Pulumi.dev.yaml:${lineOf(changed, "organization: servio")} config.servio-monitoring:sentry.organization: ` +
        '"servio" is also the Sentry organization of stack prod (Pulumi.prod.yaml)\n' +
        "    hint: each stack declares its own projects by slug: give every environment its own organization",
    );
    expect(r.stderr).toContain(
      `Pulumi.dev.yaml:${lineOf(changed, "    env: prod")} config.servio-monitoring:datadog.env: ` +
        '"prod" is also the Datadog env tag of stack prod (Pulumi.prod.yaml)',
    );
  });
});
