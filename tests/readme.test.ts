/** The README's examples are held to the same checks as the files they stand for. */
import * as fs from "node:fs";
import * as path from "node:path";

import { byType, plan, PROJECT_DIR, projectCopy } from "./helpers";

const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

/** The YAML block of the README whose first line is `first`. */
function yamlBlock(first: string): string {
  const start = README.indexOf("```yaml\n" + first + "\n");
  if (start < 0) throw new Error(`the README has no yaml block starting with ${first}`);
  const body = README.slice(start + "```yaml\n".length);
  return body.slice(0, body.indexOf("```"));
}

describe("the README", () => {
  it("shows a catalog file that plans as the orders service", async () => {
    const orders = yamlBlock("# catalog/orders.yaml");
    const p = await plan("prod", projectCopy({ "catalog/orders.yaml": orders }));
    const alarms = byType(p, "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => String(r.inputs.name));
    expect(alarms).toContain("servio/prod/orders/alb-target-5xx-rate");
    expect(alarms).toContain("servio/prod/orders/db-cpu/servio-prod-orders");
  });
});
