/**
 * `npm run bench`: plans synthetic catalogs of the Servio catalog's shape with 10, 100 and 500
 * services and prints, per size, the resources declared, wall seconds and peak RSS. Each size
 * runs in its own process so that peak memory is its own.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { parseDocument } from "yaml";

const ROOT = path.resolve(__dirname, "..");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const STACK = process.env.BENCH_STACK ?? "prod";

/** A copy of the project whose catalog repeats the real services until it has `size` of them. */
function syntheticProject(size: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `servio-bench-${size}-`));
  for (const f of fs.readdirSync(ROOT)) {
    if (["node_modules", ".git", "catalog", "out"].includes(f)) continue;
    fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  fs.mkdirSync(path.join(dir, "catalog"));
  const templates = fs.readdirSync(path.join(ROOT, "catalog")).sort().map((f) => fs.readFileSync(path.join(ROOT, "catalog", f), "utf8"));
  for (let i = 0; i < size; i++) {
    const template = templates[i % templates.length];
    const name = /^name: (\S+)$/m.exec(template)![1];
    // The service name and the AWS resource names built from it (`servio-{env}-orders`).
    const copy = template.replace(/^name: \S+$/m, `name: ${name}-${i}`).replaceAll(`-${name}`, `-${name}-${i}`);
    fs.writeFileSync(path.join(dir, "catalog", `${name}-${i}.yaml`), copy);
  }
  withSyntheticServiceIds(path.join(dir, `Pulumi.${STACK}.yaml`), size);
  return dir;
}

/**
 * Per-service ids the stack's config holds (Sentry's PagerDuty services) for the synthetic
 * services instead of the real ones, so that the config matches the catalog.
 */
function withSyntheticServiceIds(file: string, size: number): void {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  const at = ["config", "servio-monitoring:sentry", "pagerduty", "services"];
  const real = doc.getIn(at);
  if (!real) return;
  const names = (real as { items: { key: { value: string } }[] }).items.map((p) => p.key.value).sort();
  const ids: Record<string, number> = {};
  for (let i = 0; i < size; i++) ids[`${names[i % names.length]}-${i}`] = 500_000 + i;
  doc.setIn(at, doc.createNode(ids));
  fs.writeFileSync(file, doc.toString());
}

function main(): void {
  console.log(`stack ${STACK} on ${os.cpus().length} cores, node ${process.version}`);
  console.log("services  resources  seconds  peak RSS (MB)");
  for (const size of SIZES) {
    const dir = syntheticProject(size);
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "bench", "plan-once.ts"), dir, STACK],
      { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const r = JSON.parse(out) as { resources: number; seconds: number; peakRssMb: number };
    console.log(`${String(size).padStart(8)}  ${String(r.resources).padStart(9)}  ${r.seconds.toFixed(2).padStart(7)}  ${String(r.peakRssMb).padStart(13)}`);
    if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}

main();
