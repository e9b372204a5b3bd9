/**
 * The resources the Pulumi engine hands a policy pack, as a Plan, so the policy rules read
 * them exactly as they read the offline plan. Structural types only: no @pulumi/policy import.
 */
import { type Json, type Plan, type PlanResource, sortKeys } from "../plan/plan";

/** What CrossGuard's `PolicyResource` offers that a Plan needs. */
export interface EngineResource {
  urn: string;
  type: string;
  name: string;
  props: Record<string, unknown>;
  opts: { protect: boolean; parent?: string };
  provider?: { urn: string };
  parent?: { urn: string };
}

/** What a value not known until deployment (during a preview) becomes in the Plan. */
export const UNKNOWN = "[unknown]";

/** `urn:pulumi:<stack>::<project>::…` -> stack and project. */
export function stackOfUrn(urn: string): { stack: string; project: string } {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  return { stack: m[1], project: m[2] };
}

export function planOfResources(resources: EngineResource[], region = ""): Plan {
  if (resources.length === 0) return { project: "", stack: "", region, resources: [], outputs: {} };
  const { stack, project } = stackOfUrn(resources[0].urn);
  const planned = resources.map((r): PlanResource => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent?.urn ?? r.opts.parent,
    provider: r.provider?.urn,
    custom: !r.type.includes(":monitoring:") && r.type !== "pulumi:pulumi:Stack",
    protect: r.opts.protect,
    retainOnDelete: false,
    inputs: plain(r.props) as { [key: string]: Json },
  }));
  return { project, stack, region, resources: planned.sort((a, b) => a.urn.localeCompare(b.urn)), outputs: {} };
}

/**
 * A plain copy of the engine's values. Reading a value that is unknown during a preview throws
 * in CrossGuard; such a value becomes UNKNOWN instead of stopping every rule.
 */
function plain(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((_, i) => plain(read(value, i)));
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) {
      const v = read(value as Record<string, unknown>, key);
      if (v !== undefined) out[key] = plain(v);
    }
    return sortKeys(out);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

function read(container: Record<string | number, unknown> | unknown[], key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch {
    return UNKNOWN;
  }
}
