/**
 * The spawner: the one place a job's process is started, through `Deno.Command`. The
 * executor is given one (tests give it another), so it never reaches for a global.
 */
import type { LaunchPlan } from "./launch_plan.ts";

/** What the executor needs of a started process (a Deno.ChildProcess has all of it). */
export interface Started {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly status: Promise<{ code: number; signal: string | null }>;
  /** Piped for a gated plan only: the gate is opened through it. */
  readonly stdin?: WritableStream<Uint8Array>;
}

/** Where and with what environment to start a plan. */
export interface SpawnIo {
  cwd: string;
  /** The complete environment (nothing is inherited). */
  env: Record<string, string>;
}

/** Starts a plan; synchronous, so the pid is known when it returns. Throws when it cannot. */
export type Spawner = (plan: LaunchPlan, io: SpawnIo) => Started;

/**
 * Start with Deno.Command: stdin /dev/null (a pipe for the gate of a gated plan, which the
 * job swaps for /dev/null itself), stdout and stderr piped, no inherited env.
 */
export const commandSpawner: Spawner = (plan, io) =>
  new Deno.Command(plan.program, {
    args: plan.args,
    cwd: io.cwd,
    env: io.env,
    clearEnv: true,
    stdin: plan.gate ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    ...plan.options,
  }).spawn();
