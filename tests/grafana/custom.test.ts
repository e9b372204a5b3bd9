import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { cli, PROJECT_DIR, projectCopy } from "../helpers";
import { problems as problemsOf } from "../metrics/model-helpers";

/** A hand-written dashboard of business and custom metrics, added to a copy of the project. */
const FUNNEL_FILE = "dashboards/custom/checkout-funnel.json";
const FUNNEL = fs.readFileSync(path.join(__dirname, "../fixtures/grafana/checkout-funnel.json"), "utf8");
const PROD = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");

/** The problems loading prod reports with the files changed. */
const problems = (files: Record<string, string | null>): string[] => problemsOf("prod", files);

/** The problems once `from` is replaced by `to` in the checkout funnel dashboard. */
function funnelProblems(from: string, to: string): string[] {
  if (!FUNNEL.includes(from)) throw new Error(`${FUNNEL_FILE} has no "${from}"`);
  return problems({ [FUNNEL_FILE]: FUNNEL.replace(from, to) });
}

/** The line of Pulumi.prod.yaml that holds `text`: the file grows with every vendor. */
const line = (text: string) => PROD.split("\n").findIndex((l) => l.includes(text)) + 1;

/** The problems once `from` is replaced by `to` in Pulumi.prod.yaml. */
function prodProblems(from: string, to: string): string[] {
  if (!PROD.includes(from)) throw new Error(`Pulumi.prod.yaml has no "${from}"`);
  return problems({ "Pulumi.prod.yaml": PROD.replace(from, to) });
}

describe("hand-written dashboards in dashboards/custom/", () => {
  it("loads the checkout funnel and the project's own dashboards without a problem", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ [FUNNEL_FILE]: FUNNEL })).toEqual([]);
  });

  it("names the file and line of invalid JSON", () => {
    expect(funnelProblems('"editable": true,', '"editable": true')).toEqual([
      "dashboards/custom/checkout-funnel.json:7 invalid JSON: Expected ',' or '}' after property value\n    hint: a dashboard file is one JSON object; check the commas and quotes around that line",
    ]);
  });

  it("rejects overlapping panels", () => {
    expect(funnelProblems('"gridPos": { "x": 16, "y": 1', '"gridPos": { "x": 12, "y": 1')).toEqual([
      "dashboards/custom/checkout-funnel.json:53 panels[2].gridPos: panel \"Payments declined\" overlaps panel \"Orders placed and payments captured\" (panels[1])\n    hint: move it to y 10 or beside it; Grafana would push one of them out of place",
    ]);
  });

  it("rejects a panel that does not fit the 24 columns", () => {
    expect(funnelProblems('"gridPos": { "x": 0, "y": 10, "w": 24', '"gridPos": { "x": 4, "y": 10, "w": 24')).toEqual([
      "dashboards/custom/checkout-funnel.json:71 panels[3].gridPos: panel \"Checkout hand-off to payments, p99\" ends at column 28, past the 24-column grid\n    hint: make it at most 20 wide, or move it left",
    ]);
  });

  it("rejects a panel without a data source", () => {
    const stat = '"title": "Payments declined",\n      "datasource": { "type": "cloudwatch", "uid": "servio-{env}-cloudwatch" },';
    expect(funnelProblems(stat, '"title": "Payments declined",')).toEqual([
      "dashboards/custom/checkout-funnel.json:48 panels[2].datasource: panel \"Payments declined\" has no data source\n    hint: data sources of the environment: { \"type\": \"cloudwatch\", \"uid\": \"servio-prod-cloudwatch\" }, { \"type\": \"grafana-sentry-datasource\", \"uid\": \"servio-prod-sentry\" }",
    ]);
  });

  it("rejects a data source the environment does not declare", () => {
    expect(funnelProblems('"uid": "servio-{env}-cloudwatch" },\n      "fieldConfig": { "defaults": { "unit": "ms" }', '"uid": "servio-{env}-cw" },\n      "fieldConfig": { "defaults": { "unit": "ms" }')).toEqual([
      "dashboards/custom/checkout-funnel.json:69 panels[3].datasource.uid: panel \"Checkout hand-off to payments, p99\" names the data source \"servio-prod-cw\", which the environment does not declare\n    hint: data sources of the environment: { \"type\": \"cloudwatch\", \"uid\": \"servio-prod-cloudwatch\" }, { \"type\": \"grafana-sentry-datasource\", \"uid\": \"servio-prod-sentry\" }",
    ]);
  });

  it("rejects a panel without a unit", () => {
    expect(funnelProblems('"fieldConfig": { "defaults": { "unit": "ms" }, "overrides": [] },', "")).toEqual([
      "dashboards/custom/checkout-funnel.json:66 panels[3].fieldConfig.defaults.unit: panel \"Checkout hand-off to payments, p99\" has no unit\n    hint: set one such as \"short\", \"percent\", \"ms\" or \"s\"",
    ]);
  });

  it("rejects a metric the stack neither declares nor publishes, with the namespace's metrics", () => {
    expect(funnelProblems('"metricName": "PaymentsCaptured"', '"metricName": "PaymentCaptured"')).toEqual([
      "dashboards/custom/checkout-funnel.json:41 panels[1].targets[1].metricName: panel \"Orders placed and payments captured\" queries the metric \"PaymentCaptured\", which the stack does not declare or publish in Servio/Business\n    hint: did you mean \"PaymentsCaptured\"? known metrics of Servio/Business: ActiveUsers, OrderValue, OrdersPlaced, PaymentsCaptured, PaymentsDeclined, SignUps",
    ]);
  });

  it("rejects a namespace nothing publishes to", () => {
    expect(funnelProblems('"namespace": "Servio/Orders"', '"namespace": "Servio/Order"')).toEqual([
      "dashboards/custom/checkout-funnel.json:77 panels[3].targets[0].namespace: panel \"Checkout hand-off to payments, p99\" queries the namespace \"Servio/Order\", in which the stack declares or publishes no metric\n    hint: did you mean \"Servio/Orders\"?",
    ]);
  });

  it("rejects a key Grafana's schema does not know, with a did-you-mean", () => {
    expect(funnelProblems('"title": "Payments declined"', '"titel": "Payments declined"')).toEqual([
      "dashboards/custom/checkout-funnel.json:50 panels[2].titel: unknown key \"titel\"\n    hint: did you mean \"title\"?",
    ]);
  });

  it("holds panel options and CloudWatch queries to their plugins' schemas", () => {
    const options = '"fieldConfig": { "defaults": { "unit": "ms" }, "overrides": [] },';
    const legend = `${options} "options": { "legend": { "displayMode": "lst" } },`;
    expect(funnelProblems(options, legend)).toEqual([
      'dashboards/custom/checkout-funnel.json:70 panels[3].options.legend.displayMode: "lst" is not allowed\n    hint: did you mean "list"?',
    ]);
    expect(funnelProblems('"statistic": "p99"', '"statistc": "p99"')).toEqual([
      'dashboards/custom/checkout-funnel.json:80 panels[3].targets[0].statistc: unknown key "statistc"\n    hint: did you mean "statistic"?',
    ]);
  });

  it("rejects a dashboard id or uid written by hand", () => {
    expect(funnelProblems('"editable": true,', '"editable": true,\n  "id": 42,\n  "uid": "funnel",')).toEqual([
      "dashboards/custom/checkout-funnel.json:7 id: must not be set: Grafana numbers dashboards itself; an id would show as a change on every run\n    hint: remove \"id\"",
      "dashboards/custom/checkout-funnel.json:8 uid: must not be set: the uid is derived from the file name (servio-<env>-custom-<name>)\n    hint: remove \"uid\"",
    ]);
  });

  it("rejects a custom dashboard once the service whose metrics it shows leaves the catalog", () => {
    const found = problems({ [FUNNEL_FILE]: FUNNEL, "catalog/orders.yaml": null }).filter((p) => p.startsWith("dashboards/"));
    expect(found).toEqual([
      'dashboards/custom/checkout-funnel.json:31 panels[1].targets[0].metricName: panel "Orders placed and payments captured" queries the metric "OrdersPlaced", which the stack does not declare or publish in Servio/Business\n    hint: known metrics of Servio/Business: ActiveUsers, PaymentsCaptured, PaymentsDeclined, SignUps',
      'dashboards/custom/checkout-funnel.json:77 panels[3].targets[0].namespace: panel "Checkout hand-off to payments, p99" queries the namespace "Servio/Orders", in which the stack declares or publishes no metric\n    hint: namespaces with metrics: AWS/ApiGateway, AWS/ApplicationELB, AWS/DynamoDB, AWS/EC2, AWS/ECS, AWS/Lambda, AWS/RDS, AWS/Route53, AWS/SQS, CWAgent, Servio/Business, Servio/Logs/prod',
    ]);
  });

  it("rejects a file that is not JSON", () => {
    expect(problems({ "dashboards/custom/notes.txt": "todo" })).toEqual([
      "dashboards/custom/notes.txt is not a .json file\n    hint: every file under dashboards/custom/ is one dashboard model in JSON",
    ]);
  });
});

describe("servio-monitoring:grafana in Pulumi.<env>.yaml", () => {
  it("rejects an unknown key with a did-you-mean", () => {
    expect(prodProblems("    folder: Servio prod", "    foldr: Servio prod")).toEqual([
      `Pulumi.prod.yaml:${line("folder: Servio prod")} config.servio-monitoring:grafana.foldr: unknown key "foldr"\n    hint: did you mean "folder"?`,
    ]);
  });

  it("needs the role to assume with authType grafana_assume_role", () => {
    expect(prodProblems("      assumeRoleArn: arn:aws:iam::123456789012:role/servio-grafana-cloudwatch-read\n", "")).toEqual([
      `Pulumi.prod.yaml:${line("    cloudwatch:")} config.servio-monitoring:grafana.cloudwatch.assumeRoleArn: is required with authType grafana_assume_role\n    hint: give the ARN of the role in the environment's account that Grafana assumes`,
    ]);
  });

  it("needs the Sentry token's secret to be set", () => {
    const secret = PROD.slice(PROD.indexOf("  servio-monitoring:grafanaSentryToken:"));
    expect(prodProblems(secret, "")).toEqual([
      `Pulumi.prod.yaml:${line("tokenSecret: grafanaSentryToken")} config.servio-monitoring:grafana.sentry.tokenSecret: names the secret "servio-monitoring:grafanaSentryToken", which is not set\n    hint: set it with: pulumi config set --secret servio-monitoring:grafanaSentryToken <Sentry auth token>`,
    ]);
  });
});

describe("plan with a broken hand-written dashboard", () => {
  it("lists the problem, exits 1 and draws no picture", async () => {
    const dir = projectCopy({ [FUNNEL_FILE]: FUNNEL.replace('"metricName": "OrdersPlaced"', '"metricName": "OrderPlaced"') });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "servio-svg-"));
    const { code, stdout, stderr } = await cli(["plan", "--stack", "prod", "--dashboards", out], dir);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("1 problem found:\n  dashboards/custom/checkout-funnel.json:31 panels[1].targets[0].metricName: panel \"Orders placed");
    expect(stderr).toContain("Nothing was written.");
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
