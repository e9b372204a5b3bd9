import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { checkPlan, formatFinding } from "../../src/checks";
import { dashboardModel } from "../../src/checks/grafana";
import { dashboardPictures } from "../../src/cli/dashboards";
import { renderLayout } from "../../src/dashboards/svg";
import type { Plan } from "../../src/plan/plan";
import { byName, cli, plan } from "../helpers";

const DASHBOARD = "grafana:oss/dashboard:Dashboard";

/** A copy of the plan whose `name` dashboard is changed by `edit`. */
function withDashboard(p: Plan, name: string, edit: (m: Record<string, any>) => void): Plan {
  const copy = JSON.parse(JSON.stringify(p)) as Plan;
  const r = byName(copy, name, DASHBOARD);
  const m = dashboardModel(r)!;
  edit(m);
  r.inputs.configJson = JSON.stringify(m);
  return copy;
}

const grafanaFindings = (p: Plan) => checkPlan(p).filter((f) => f.type === DASHBOARD).map(formatFinding);

describe("dashboard layout pictures and plan checks", () => {
  let prod: Plan;
  beforeAll(async () => {
    prod = await plan("prod");
  });

  it("draws the grid, each panel's box and title, and the row headers", () => {
    const svg = renderLayout(dashboardModel(byName(prod, "prod-health", DASHBOARD))!);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="992"')).toBe(true);
    expect(svg).toContain(">Servio prod · System health</text>");
    expect(svg).toContain(">▾ orders</text>");
    expect(svg).toContain(">orders error rate</text>");
    expect(svg).toContain(">timeseries · percent · 3 queries</text>");
    expect(svg.match(/<line /g)).toHaveLength(25);
    expect(svg.match(/rx="3"/g)).toHaveLength(16);
  });

  it("is the same picture for the same dashboard, and escapes titles", () => {
    const model = { title: "A & <B>", uid: "x", panels: [{ type: "stat", title: '"quoted"', gridPos: { x: 0, y: 0, w: 24, h: 4 } }] };
    expect(renderLayout(model)).toBe(renderLayout(JSON.parse(JSON.stringify(model))));
    expect(renderLayout(model)).toContain(">A &amp; &lt;B&gt;</text>");
    expect(renderLayout(model)).toContain(">&quot;quoted&quot;</text>");
  });

  it("writes one picture per dashboard with plan --dashboards", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "servio-svg-"));
    const { code, stderr } = await cli(["plan", "--stack", "prod", "--dashboards", out]);
    expect(code).toBe(0);
    expect(stderr).toContain(`wrote 10 dashboard layouts to ${out}`);
    const pictures = dashboardPictures(prod);
    expect(fs.readdirSync(out).sort()).toEqual(Object.keys(pictures));
    for (const [name, svg] of Object.entries(pictures)) expect(fs.readFileSync(path.join(out, name), "utf8")).toBe(svg);
  });

  it("refuses a --dashboards path that is not a directory, before planning", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "servio-svg-")), "notes.txt");
    fs.writeFileSync(file, "mine");
    const { code, stdout, stderr } = await cli(["plan", "--stack", "prod", "--dashboards", file]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`error: --dashboards ${file} is a regular file, not a directory\nNothing was written.\n`);
    expect(fs.readFileSync(file, "utf8")).toBe("mine");
  });

  it("writes the pictures and the plan's JSON together, into a directory it creates", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "servio-svg-")), "new", "dir");
    const json = path.join(path.dirname(path.dirname(out)), "plan.json");
    const { code } = await cli(["plan", "--stack", "prod", "--json", json, "--dashboards", out]);
    expect(code).toBe(0);
    expect(fs.readdirSync(out)).toHaveLength(10);
    expect(fs.existsSync(json)).toBe(true);
  });

  it("finds a dashboard id, version or over-long uid", () => {
    const p = withDashboard(prod, "prod-health", (m) => Object.assign(m, { id: 7, version: 3, uid: "u".repeat(41) }));
    expect(grafanaFindings(p)).toEqual([
      'error: grafana:oss/dashboard:Dashboard "prod-health" configJson.id: is set: Grafana owns it, and the plan would show a change on every run\n    hint: remove "id"',
      'error: grafana:oss/dashboard:Dashboard "prod-health" configJson.version: is set: Grafana owns it, and the plan would show a change on every run\n    hint: remove "version"',
      `error: grafana:oss/dashboard:Dashboard "prod-health" configJson.uid: must be 1 to 40 characters, found "${"u".repeat(41)}"\n    hint: derive it from the dashboard's name`,
    ]);
  });

  it("finds overlapping panels and a query of a metric the plan does not have", () => {
    const p = withDashboard(prod, "prod-performance", (m) => {
      m.panels[2].gridPos.x = 4;
      m.panels[1].targets[0].metricName = "TargetResponseTimes";
    });
    expect(grafanaFindings(p)).toEqual([
      'error: grafana:oss/dashboard:Dashboard "prod-performance" configJson.panels[2].gridPos: panel "accounts ALB throughput" overlaps panel "accounts ALB latency" (panels[1])\n    hint: move it to y 9 or beside it; Grafana would push one of them out of place',
      'error: grafana:oss/dashboard:Dashboard "prod-performance" configJson.panels[1].targets[0].metricName: panel "accounts ALB latency" queries the metric "TargetResponseTimes", which the stack does not declare or publish in AWS/ApplicationELB\n    hint: did you mean "TargetResponseTime"? known metrics of AWS/ApplicationELB: HTTPCode_Target_5XX_Count, HealthyHostCount, RequestCount, TargetResponseTime, UnHealthyHostCount',
    ]);
  });

  it("finds a uid two dashboards share", () => {
    const p = withDashboard(prod, "prod-errors", (m) => (m.uid = "servio-prod-health"));
    expect(grafanaFindings(p)).toEqual([
      'error: grafana:oss/dashboard:Dashboard "prod-errors" configJson.uid: "servio-prod-health" is also the uid of prod-health',
      'error: grafana:oss/dashboard:Dashboard "prod-health" configJson.uid: "servio-prod-health" is also the uid of prod-errors',
    ]);
  });
});
