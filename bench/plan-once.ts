/** One measured plan (the program, the checks and the summary), printed as JSON for bench/run.ts. */
import { checkPlan } from "../src/checks";
import { planStack } from "../src/plan/engine";
import { renderSummary } from "../src/report/summary";

async function main(): Promise<void> {
  const [projectDir, stack] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const plan = await planStack({ projectDir, stack, log: () => undefined });
  checkPlan(plan);
  renderSummary(plan);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ resources: plan.resources.length, seconds, peakRssMb }));
}

void main();
