import { byType, cli, plan } from "./helpers";

describe("the offline plan of the Servio catalog", () => {
  it("plans prod and dev in one process", async () => {
    const prod = await plan("prod");
    const dev = await plan("dev");
    expect(byType(prod, "pagerduty:index/service:Service")).toHaveLength(5);
    expect(byType(dev, "pagerduty:index/service:Service")).toHaveLength(0);
  });

  it("prints the summary", async () => {
    const r = await cli(["plan", "--stack", "prod"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stack prod");
  });
});
