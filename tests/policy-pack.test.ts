/**
 * The CrossGuard pack runs the same rules on the engine's resources: fed the prod plan's
 * resources the way the engine hands them over, it reports what `npm run plan` reports.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";

import { servioPolicies } from "../policy/policies";
import type { Plan } from "../src/plan/plan";
import { planOfResources, UNKNOWN } from "../src/policy/from-engine";
import { plan, PROJECT_DIR } from "./helpers";

let prod: Plan;
beforeAll(async () => {
  prod = await plan("prod");
});

/** The plan's resources as CrossGuard's PolicyResources. */
function engineResources(p: Plan): PolicyResource[] {
  return p.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    props: structuredClone(r.inputs),
    opts: { protect: r.protect, parent: r.parent, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
    provider: r.provider ? { urn: r.provider, type: "pulumi:providers:aws", name: "us-east-1", props: {} } : undefined,
    dependencies: [],
    propertyDependencies: {},
  }) as unknown as PolicyResource);
}

async function violations(resources: PolicyResource[]): Promise<string[]> {
  const found: string[] = [];
  for (const policy of servioPolicies(PROJECT_DIR)) {
    const args = { resources } as unknown as StackValidationArgs;
    await policy.validateStack(args, (message, urn) => found.push(`${policy.enforcementLevel}: [${policy.name}] ${message} @ ${urn}`));
  }
  return found;
}

describe("the policy pack", () => {
  it("has one policy per rule, with its enforcement level", () => {
    expect(servioPolicies().map((p) => `${p.name}:${p.enforcementLevel}`)).toContain("alert-has-runbook:mandatory");
  });

  it("passes the prod stack", async () => {
    expect(await violations(engineResources(prod))).toEqual([]);
  });

  it("refuses a prod alarm without a runbook, with the rule's message, reading prod's settings", async () => {
    const resources = engineResources(prod);
    const alarm = resources.find((r) => r.props.name === "servio/prod/web/uptime")!;
    delete (alarm.props.tags as Record<string, string>).runbook;

    expect(await violations(resources)).toEqual([
      `mandatory: [alert-has-runbook] servio/prod/web/uptime has no runbook; in production every alert links one: set "runbook" in the catalog file of service "web" @ ${alarm.urn}`,
    ]);
  });

  it("reads a value unknown during preview as unknown instead of failing every rule", () => {
    const resources = engineResources(prod);
    const alarm = resources.find((r) => r.props.name === "servio/prod/web/uptime")!;
    Object.defineProperty(alarm.props, "alarmActions", { enumerable: true, get: () => { throw new Error("unknown during preview"); } });

    const converted = planOfResources(resources).resources.find((r) => r.urn === alarm.urn)!;
    expect(converted.inputs.alarmActions).toBe(UNKNOWN);
    expect(planOfResources(resources).stack).toBe("prod");
  });
});
