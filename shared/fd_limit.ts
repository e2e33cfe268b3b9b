/**
 * The limit on open files (RLIMIT_NOFILE) of this process, from /proc/self/limits. Deno
 * raises the soft limit to the hard one at start (measured on 2.9.6: started with 256, it
 * runs with the hard limit), as Go programs do, so there is nothing to raise here; what is
 * left is to live within it (the manager's --max-connections defaults from it).
 */
export function nofileLimit(): { soft: number; hard: number } {
  try {
    const line = Deno.readTextFileSync("/proc/self/limits").split("\n")
      .find((l) => l.startsWith("Max open files"));
    const [soft, hard] = line!.slice("Max open files".length).trim().split(/\s+/).map((v) =>
      v === "unlimited" ? Infinity : Number(v)
    );
    return { soft, hard };
  } catch {
    return { soft: 1024, hard: 1024 };
  }
}
