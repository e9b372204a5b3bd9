/**
 * Routing: one table per environment, honoured by every alert source. Every alert in the
 * plan, whatever its vendor, reaches exactly the channels its severity names.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { parse } from "yaml";

import { checkPlan } from "../src/checks";
import { checkRoute } from "../src/checks/incidents";
import type { Plan, PlanResource } from "../src/plan/plan";
import { alertsOf } from "../src/report/alerts";
import { policyOf } from "../src/report/oncall";
import { byName, byType, cli, plan, PROJECT_DIR, projectCopy } from "./helpers";

const plans: Record<string, Plan> = {};
beforeAll(async () => {
  plans.prod = await plan("prod");
  plans.dev = await plan("dev");
});

/** The routing table as the user wrote it in Pulumi.<env>.yaml. */
function routingInFile(stack: string): Record<string, string[]> {
  const file = parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return file.config["servio-monitoring:routing"] as Record<string, string[]>;
}

describe.each(["prod", "dev"])("routing of %s", (stack) => {
  it("records the routing table of Pulumi.<env>.yaml in the plan", () => {
    expect(policyOf(plans[stack])?.routing).toEqual(routingInFile(stack));
  });

  it("has every alert, of every source, reach exactly the channels of its severity", () => {
    const routing = routingInFile(stack);
    const alerts = alertsOf(plans[stack]);
    expect(alerts.length).toBeGreaterThan(0);
    const wrong = alerts
      .map((a) => ({ alert: `${a.source} ${a.name}`, severity: a.severity, reaches: a.routes, expected: [...(routing[a.severity] ?? [])].sort() }))
      .filter((a) => JSON.stringify(a.reaches) !== JSON.stringify(a.expected));
    expect(wrong).toEqual([]);
  });
});

describe("the Slack channel through AWS Chatbot", () => {
  it("posts each routed severity's topic to Slack, with a read-only role and guardrail", () => {
    const configs = byType(plans.prod, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration");
    expect(configs.map((c) => c.inputs.configurationName).sort()).toEqual([
      "servio-prod-critical-chat", "servio-prod-critical-chat-us-east-1",
      "servio-prod-warning-chat", "servio-prod-warning-chat-us-east-1",
    ]);
    expect(byName(plans.prod, "prod-critical-chat", "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration").inputs).toMatchObject({
      slackTeamId: "T07EA123LEP",
      slackChannelId: "C07EZ1ABC23",
      snsTopicArns: ["arn:aws:sns:eu-west-1:123456789012:servio-prod-critical"],
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    const role = byName(plans.prod, "prod-chat-chatbot", "aws:iam/role:Role");
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal).toEqual({ Service: "chatbot.amazonaws.com" });
  });
});

describe("routes that go nowhere", () => {
  it("refuses a route to a channel that is not defined", async () => {
    const prodYaml = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8").replace("info: [email]", "info: [emial]");
    const r = await cli(["plan", "--stack", "prod"], projectCopy({ "Pulumi.prod.yaml": prodYaml }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('servio-monitoring:routing.info[0]: unknown channel "emial"\n    hint: did you mean "email"?');
  });

  it("fails a paging route whose escalation pages a schedule the plan does not hold", () => {
    const route = byName(plans.prod, "prod-critical-page", "servio:monitoring:Route");
    const withoutSchedule = { ...plans.prod, resources: plans.prod.resources.filter((r) => r.name !== "prod-orders-secondary" && r.name !== "prod-checkout-secondary") };
    expect(findings(route, withoutSchedule)).toEqual([
      'services[2]: pages "orders" through team checkout, whose secondary level pages the schedule "prod-checkout-secondary", which the plan does not hold',
    ]);
  });

  it("fails a paging route whose schedule has nobody on it", () => {
    const route = byName(plans.prod, "prod-critical-page", "servio:monitoring:Route");
    const empty = {
      ...plans.prod,
      resources: plans.prod.resources.map((r) => r.name === "prod-payments-primary"
        ? { ...r, inputs: { ...r.inputs, layers: [{ ...(r.inputs.layers as object[])[0], users: [] }] } }
        : r),
    };
    expect(findings(route, empty)).toEqual([
      'services[3]: pages "payments" through team payments, whose primary schedule has nobody on it',
    ]);
    expect(checkPlan(empty).map((f) => `${f.resource} ${f.field}: ${f.message}`)).toContain(
      "prod-payments-primary layers[0].users: has nobody on it",
    );
  });

  it("fails a paging route for a service no team's on-call covers", () => {
    const route = byName(plans.prod, "prod-critical-page", "servio:monitoring:Route");
    const orphan = { ...route, inputs: { ...route.inputs, services: ["ghost"] } };
    expect(findings(orphan, plans.prod)).toEqual(['services[0]: pages "ghost", but no team\'s on-call has a PagerDuty service for it']);
  });
});

function findings(resource: PlanResource, p: Plan): string[] {
  const found: string[] = [];
  checkRoute(resource, p, (field, message) => found.push(`${field}: ${message}`));
  return found;
}
