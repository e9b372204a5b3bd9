/**
 * The offline engine: runs the Pulumi program under the SDK's mock runtime with a stack's
 * config and records every resource registration, the way the real engine would see it.
 */
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

import { isProblemsError, type Problem, ProblemsError } from "../model/problems";
import { readUserFile } from "../model/read-file";
import { parseYaml } from "../model/source";
import { fakeOutputs, INVOKES } from "./mocks";
import { type Json, type Plan, type PlanResource, SECRET, sortKeys } from "./plan";
import { readStackConfig } from "./stack-config";

/** Signatures the Pulumi wire format uses for special values. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The program: index.ts's export, called with the project directory it reads its files from. */
export type Program = (projectDir: string) => Promise<Record<string, unknown> | void>;

export interface PlanOptions {
  projectDir: string;
  stack: string;
  /** The program to run; defaults to the project's `index.ts`. */
  program?: Program;
  /** Where the program's own log lines go (never stdout, which carries reports). */
  log?: (line: string) => void;
}

/** Raised when the program itself fails, as opposed to a user's input. */
export class ProgramError extends Error {}

export async function planStack(options: PlanOptions): Promise<Plan> {
  const project = readProjectName(options.projectDir);
  const config = readStackConfig(options.projectDir, project, options.stack);
  const region = config.values["aws:region"] ?? "us-east-1";
  const monitor = new RecordingMonitor(project, options.stack, region);
  const program = options.program ?? loadProgram(options.projectDir);

  // setMocks turns on the runtime's features; the monitor is then swapped for the recording one.
  await pulumi.runtime.setMocks(monitor.mocks, project, options.stack, false);
  const settings = require("@pulumi/pulumi/runtime/settings") as {
    setMockOptions(m: unknown, project: string, stack: string, preview: boolean): void;
  };
  settings.setMockOptions(monitor.monitor, project, options.stack, false);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);

  // The program's own failure is caught inside the stack and rethrown after the run: let out
  // of it, it would also escape from the SDK's internals as unhandled rejections.
  let failure: { err: unknown } | undefined;
  // The program's own return value, Outputs and all: the stack's resolved outputs have lost
  // which values are secret.
  let outputs: Record<string, unknown> | undefined;
  await withQuietRuntime(options.log, async () => {
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return (outputs = (await program(options.projectDir)) ?? undefined);
      } catch (err) {
        failure = { err };
        return undefined;
      }
    });
    await (pulumi.runtime as unknown as { disconnect(): Promise<void> }).disconnect?.();
  }).catch((err: unknown) => {
    throw asPlanError(err, monitor.errors);
  });
  if (failure) throw asPlanError(failure.err, monitor.errors);
  if (monitor.errors.length > 0) throw new ProgramError(monitor.errors.join("\n"));

  return {
    project,
    stack: options.stack,
    region,
    resources: monitor.resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
    outputs: redact(await serializeOutputs(outputs ?? {})) as { [key: string]: Json },
  };
}

/** A failure of the run as the CLI reports it: the user's problems, or the program's error. */
function asPlanError(err: unknown, recorded: string[]): Error {
  if (isProblemsError(err)) return new ProblemsError(err.problems);
  if (recorded.length > 0) return new ProgramError(recorded.join("\n"));
  if (err instanceof Error && err.name === "RunError") return new ProgramError(err.message);
  return err instanceof Error ? err : new Error(String(err));
}

function readProjectName(projectDir: string): string {
  const file = path.join(projectDir, "Pulumi.yaml");
  const problem = (message: string): Problem => ({ file: "Pulumi.yaml", path: "name", message });
  const read = readUserFile(file, "Pulumi.yaml");
  if (read.problem) throw new ProblemsError([read.problem]);
  if (read.text === undefined) throw new ProblemsError([{ ...problem("file is missing: this is not a Pulumi project"), path: "" }]);
  const { source, problems } = parseYaml("Pulumi.yaml", read.text);
  if (!source) throw new ProblemsError(problems);
  const name = (source.data as { name?: unknown } | null)?.name;
  if (typeof name !== "string") throw new ProblemsError([problem("the project name is missing")]);
  return name;
}

function loadProgram(projectDir: string): Program {
  const entry = path.join(projectDir, "index.ts");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry) as Program | { default?: Program };
  const program = typeof mod === "function" ? mod : mod.default;
  if (typeof program !== "function") throw new ProgramError(`${entry} must export the program as a function`);
  return program;
}

/**
 * Runs `fn` with the runtime's console output sent to `log`, and with stack capture off. The
 * SDK records a stack trace for every promise it makes and a full, source-mapped one for every
 * resource (its source position, which no plan shows): most of the CPU and memory of a large
 * plan.
 */
async function withQuietRuntime<T>(log: PlanOptions["log"], fn: () => Promise<T>): Promise<T> {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
  const callsites = Object.getOwnPropertyDescriptor(resource, "callsites");
  const { log: consoleLog, info, warn } = console;
  const sink = log ?? ((line: string) => process.stderr.write(`${line}\n`));
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = () => "";
  resource.callsites = () => [];
  console.log = console.info = console.warn = (...args: unknown[]) => sink(args.map(String).join(" "));
  try {
    return await fn();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    if (callsites) Object.defineProperty(resource, "callsites", callsites);
    Object.assign(console, { log: consoleLog, info, warn });
  }
}


interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getProvider(): string;
  getRetainondelete(): boolean | undefined;
  getObject(): Struct | undefined;
}
type Callback = (err: unknown, resp?: { getUrn(): string }) => void;

/**
 * The SDK's mock monitor, with real URNs and every registration recorded. The SDK keeps the
 * monitor's URN builder private, so the instance is patched rather than subclassed.
 */
class RecordingMonitor {
  readonly resources: PlanResource[] = [];
  readonly errors: string[] = [];
  readonly mocks: pulumi.runtime.Mocks;
  readonly monitor: MockMonitor;
  private readonly regionOfProvider = new Map<string, string>();
  private readonly urns = new Set<string>();

  constructor(
    private readonly project: string,
    private readonly stack: string,
    private readonly region: string,
  ) {
    this.mocks = {
      newResource: (args) => {
        if (args.type.startsWith("pulumi:providers:")) return { id: args.name, state: args.inputs };
        const region = this.regionOf(args.provider);
        return { id: undefined, state: { ...args.inputs, ...fakeOutputs(args.type, args.name, args.inputs, region) } };
      },
      call: (args) => {
        const answer = INVOKES[args.token];
        if (!answer) {
          // Thrown, the error would surface as an unhandled rejection and lose this message;
          // recorded, it fails the plan once the run is over.
          this.errors.push(`the program calls the invoke "${args.token}", which the offline engine does not answer; add it to INVOKES in src/plan/mocks.ts`);
          return {};
        }
        return answer(args.inputs, this.regionOf(args.provider));
      },
    };
    this.monitor = new MockMonitor(this.mocks);
    const patched = this.monitor as unknown as {
      newUrn(parent: string, type: string, name: string): string;
      registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    };
    const register = patched.registerResource.bind(this.monitor);
    patched.newUrn = (parent, type, name) => this.urn(parent, type, name);
    patched.registerResource = (req, callback) => register(req, (err, resp) => {
      this.record(req, err, resp);
      callback(err, resp);
    });
  }

  /** The URN the real engine builds: the full chain of parent types, the stack's left out. */
  urn(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
      const parentType = parent.split("::")[2];
      if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
  }

  private regionOf(providerRef: string | undefined): string {
    return this.regionOfProvider.get(providerUrn(providerRef)) ?? this.region;
  }

  private record(req: RegisterRequest, err: unknown, resp?: { getUrn(): string }): void {
    if (err || !resp) {
      this.errors.push(`registering ${req.getType()} "${req.getName()}" failed: ${String(err)}`);
      return;
    }
    // The mock runtime accepts a URN twice; the real engine refuses the whole update.
    if (this.urns.has(resp.getUrn())) {
      this.errors.push(`the resource ${resp.getUrn()} is declared twice: the plan would fail at pulumi up with "Duplicate resource URN"`);
      return;
    }
    this.urns.add(resp.getUrn());
    const inputs = redact(req.getObject()?.toJavaScript() ?? {}) as { [key: string]: Json };
    const provider = providerUrn(req.getProvider());
    if (req.getType().startsWith("pulumi:providers:") && typeof inputs.region === "string") {
      this.regionOfProvider.set(resp.getUrn(), inputs.region);
    }
    this.resources.push({
      urn: resp.getUrn(),
      type: req.getType(),
      name: req.getName(),
      ...(req.getParent() ? { parent: req.getParent() } : {}),
      ...(provider ? { provider } : {}),
      custom: req.getCustom(),
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      inputs: sortKeys(inputs) as { [key: string]: Json },
    });
  }
}

/** `urn::id` provider reference to the provider's URN. */
function providerUrn(ref: string | undefined): string {
  if (!ref) return "";
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

/** Wire-format values to plain JSON: secrets become `[secret]`, resource references their URN. */
export function redact(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG_KEY] === SIG_SECRET) return SECRET;
    if (o[SIG_KEY] === SIG_RESOURCE) return String(o.urn);
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, redact(v)]));
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** Stack outputs with secrets kept visible as such, so `redact` can hide them. */
async function serializeOutputs(outputs: Record<string, unknown>): Promise<unknown> {
  const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    serializeProperties(label: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
  };
  return rpc.serializeProperties("outputs", outputs);
}
