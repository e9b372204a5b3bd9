import * as fs from "node:fs";
import * as path from "node:path";

import { cli, PROJECT_DIR, projectCopy } from "./helpers";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const web = read("catalog/web.yaml");
const orders = read("catalog/orders.yaml");
const dev = read("Pulumi.dev.yaml");
const prod = read("Pulumi.prod.yaml");

interface Case {
  files: Record<string, string | null>;
  stack?: string;
  problems: string;
}

/** Each kind of mistake a user can make, and exactly what they are told. */
const cases: Record<string, Case> = {
  "a YAML syntax error names the file and line": {
    files: { "catalog/web.yaml": "name: web\ntier: [1\n" },
    problems: `  catalog/web.yaml:3 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]
    hint: check the indentation and quoting around that line`,
  },
  "an unknown key is an error with a did-you-mean": {
    files: { "catalog/web.yaml": `${web}runbok: https://runbooks.servio.example/web\n` },
    problems: `  catalog/web.yaml:19 runbok: unknown key "runbok"
    hint: did you mean "runbook"?`,
  },
  "a value of the wrong type says what is allowed": {
    files: { "catalog/web.yaml": web.replace("tier: 1", "tier: high") },
    problems: `  catalog/web.yaml:5 tier: "high" is not allowed
    hint: allowed: 1, 2, 3`,
  },
  "an out-of-range value says what is allowed": {
    files: { "catalog/orders.yaml": orders.replace("threshold: 1", "threshold: -1") },
    problems: "  catalog/orders.yaml:32 alarms.albTarget5xxRate.threshold: must be at least 0, found number -1",
  },
  "a missing required field is named": {
    files: { "catalog/web.yaml": web.replace(/^description:.*\n/m, "") },
    problems: "  catalog/web.yaml:2 description: is missing (expected a string)",
  },
  "a duplicate service name names both files": {
    files: { "catalog/web2.yaml": web },
    problems: `  catalog/web2.yaml:2 name: duplicate service name "web", already described in catalog/web.yaml
    hint: every service needs its own name`,
  },
  "a reference to an unknown team suggests the closest": {
    files: { "catalog/web.yaml": web.replace("team: storefront", "team: storefrnt") },
    problems: `  catalog/web.yaml:4 team: unknown team "storefrnt"
    hint: did you mean "storefront"? (teams are defined in teams.yaml)`,
  },
  "an unknown severity in an override lists the severities": {
    files: { "catalog/orders.yaml": orders.replace("threshold: 1", "severity: urgent") },
    problems: `  catalog/orders.yaml:32 alarms.albTarget5xxRate.severity: "urgent" is not allowed
    hint: allowed: "critical", "warning", "info"`,
  },
  "an unknown severity in the routing lists the severities": {
    files: { "Pulumi.dev.yaml": dev.replace("info: []", "info: []\n    page: [email]") },
    problems: `  Pulumi.dev.yaml:13 config.servio-monitoring:routing.page: unknown key "page"
    hint: allowed: "critical", "warning", "info"`,
  },
  "a route to an undefined channel suggests the closest": {
    files: { "Pulumi.dev.yaml": dev.replace("critical: [email]", "critical: [emial]") },
    problems: `  Pulumi.dev.yaml:10 config.servio-monitoring:routing.critical[0]: unknown channel "emial"
    hint: did you mean "email"?`,
  },
  "an unknown config key of the project is an error": {
    files: { "Pulumi.dev.yaml": dev.replace("servio-monitoring:protect:", "servio-monitoring:protekt:") },
    problems: `  Pulumi.dev.yaml:22 config.servio-monitoring:protekt: unknown key "servio-monitoring:protekt"
    hint: did you mean "servio-monitoring:protect"?`,
  },
  "an empty catalog is refused": {
    files: { catalog: null },
    problems: `  catalog/ the catalog is empty: no service is described
    hint: add one YAML file per service, e.g. catalog/orders.yaml (see README)`,
  },
  "a service name that makes an alarm name too long for CloudWatch is refused": {
    files: { "catalog/web.yaml": web.replace("name: web", `name: w${"e".repeat(250)}`) },
    problems: `  catalog/web.yaml name: gives the alarm name "servio/dev/weeeeeeeeeeeeeeeeeeeeeeeeeeee..." of 294 characters, over CloudWatch's 255
    hint: shorten the service name (or the resource names in it) by 39 characters`,
  },
  "an invalid health URL is refused": {
    files: { "catalog/web.yaml": web.replace("https://www.servio.example/healthz", "http://www servio/healthz") },
    problems: '  catalog/web.yaml:8 health.url: must be an https:// URL, found "http://www servio/healthz"',
  },
  "a runbook URL longer than an AWS tag value is refused": {
    files: { "catalog/web.yaml": web.replace("https://runbooks.servio.example/web", `https://runbooks.servio.example/${"w".repeat(240)}`) },
    problems: `  catalog/web.yaml:6 runbook: is 272 characters long; an AWS tag value holds at most 256 (the runbook is copied into the tags of alarms and log groups)
    hint: link a page without a query string or fragment, or a short link`,
  },
  "a webhook URL with a token kept in plain text is refused": {
    stack: "prod",
    files: { "Pulumi.prod.yaml": prod.replace(/ticketWebhookUrl:\n {4}secure: .*\n/, "ticketWebhookUrl: https://tickets.servio.example/hook?token=abc\n") },
    problems: `  Pulumi.prod.yaml:21 config.servio-monitoring:ticketWebhookUrl: holds a URL with a token in plain text
    hint: store it encrypted: pulumi config set --secret servio-monitoring:ticketWebhookUrl <url>`,
  },
  "alarm settings CloudWatch would refuse are caught in the catalog": {
    files: { "catalog/orders.yaml": orders.replace("threshold: 1", "threshold: 1\n    period: 45\n    datapointsToAlarm: 9") },
    problems: `  catalog/orders.yaml:33 alarms.albTarget5xxRate.period: 45 s is not a period CloudWatch accepts
    hint: use 10, 30 or a multiple of 60 seconds
  catalog/orders.yaml:34 alarms.albTarget5xxRate.datapointsToAlarm: 9 datapoints to alarm out of 5 evaluation periods can never breach
    hint: datapointsToAlarm must be at most evaluationPeriods`,
  },
  "an override of an alarm the service does not have is refused": {
    files: { "catalog/web.yaml": `${web}alarms:\n  lambdaThrottles:\n    threshold: 5\n` },
    problems: `  catalog/web.yaml:20 alarms.lambdaThrottles: overrides lambdaThrottles, but the service has no resource it watches
    hint: alarms that apply here: albTarget5xxRate, albTargetP99Latency, uptime, ecsCpu, ecsMemory, albUnhealthyHosts, albHealthyHosts, ec2Cpu, ec2Memory, ec2Disk, logErrors`,
  },
};

describe("bad input gets a clear error", () => {
  it.each(Object.entries(cases))("%s", async (_name, c) => {
    const dir = projectCopy(c.files);
    const json = path.join(dir, "plan.json");
    const r = await cli(["plan", "--stack", c.stack ?? "dev", "--json", json], dir);

    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${c.problems}\nNothing was written.\n`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(json)).toBe(false);
  });

  it("reports every problem of every file at once", async () => {
    const dir = projectCopy({
      "catalog/web.yaml": web.replace("tier: 1", "tier: 9"),
      "catalog/orders.yaml": orders.replace("team: checkout", "team: nobody"),
      "Pulumi.dev.yaml": dev.replace("critical: [email]", "critical: [pager]"),
    });
    const r = await cli(["plan"], dir);

    expect(r.code).toBe(1);
    expect(r.stderr).toContain("3 problems found:");
    expect(r.stderr).toContain("catalog/web.yaml:5 tier:");
    expect(r.stderr).toContain('catalog/orders.yaml:3 team: unknown team "nobody"');
    expect(r.stderr).toContain('Pulumi.dev.yaml:10 config.servio-monitoring:routing.critical[0]: unknown channel "pager"');
  });

  it("an unknown stack names the stacks there are", async () => {
    const r = await cli(["plan", "--stack", "staging"]);

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`  Pulumi.staging.yaml unknown stack "staging": there is no Pulumi.staging.yaml
    hint: known stacks: dev, prod
Nothing was written.`);
  });

  it("an unknown option is a usage error", async () => {
    const r = await cli(["plan", "--stak", "prod"]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--stak'");
  });
});
