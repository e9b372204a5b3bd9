/**
 * The tier-1 EC2 CPU default against real CloudWatch history with a labelled incident (NAB,
 * see tests/fixtures/nab/SOURCE.md). The data has one datapoint per 5 minutes, so the alarm's
 * "5 of 5" is evaluated over 5-minute datapoints here.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { TIER_DEFAULTS } from "../../src/model/defaults";

const WINDOW = { start: "2014-04-14 07:49:00", end: "2014-04-15 17:34:00" };

/** Timestamps at which "datapointsToAlarm of the last evaluationPeriods above threshold" holds. */
function firings(points: { t: string; v: number }[], threshold: number, datapoints: number, evaluations: number): string[] {
  return points.flatMap((p, i) => {
    if (i + 1 < evaluations) return [];
    const breaching = points.slice(i + 1 - evaluations, i + 1).filter((q) => q.v > threshold).length;
    return breaching >= datapoints ? [p.t] : [];
  });
}

it("fires the tier-1 EC2 CPU alarm inside the labelled incident and not before it", () => {
  const csv = fs.readFileSync(path.join(__dirname, "../fixtures/nab/ec2_cpu_utilization_ac20cd-excerpt.csv"), "utf8");
  const points = csv.trim().split("\n").slice(1).map((line) => {
    const [t, v] = line.split(",");
    return { t, v: Number(v) };
  });
  const knobs = TIER_DEFAULTS.ec2Cpu[1];

  const fired = firings(points, knobs.threshold, knobs.datapointsToAlarm, knobs.evaluationPeriods);

  expect(fired.length).toBeGreaterThan(0);
  expect(fired.every((t) => t >= WINDOW.start && t <= WINDOW.end)).toBe(true);
  expect(fired[0]).toBe("2014-04-15 01:09:00");
});
