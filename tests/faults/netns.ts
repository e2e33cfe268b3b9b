/**
 * A network namespace of our own, joined to the host by a veth pair, for partition tests.
 *
 * Addresses: one /30 of 10.200.0.0/16 on the veth pair only; the host end is added to the
 * host, the other end lives in the namespace. Nothing else of the host's network changes:
 * the black hole is made with iptables rules inside OUR namespace (DROP on its veth end,
 * both directions), so no FIN or RST is ever sent and the host's own firewall is untouched.
 */

/** Run a command; throws with its stderr when it fails. */
export async function sh(cmd: string[]): Promise<string> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd.join(" ")}: exit ${out.code}: ${text.decode(out.stderr).trim()}`);
  }
  return text.decode(out.stdout);
}

function which(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").concat(["/usr/sbin", "/sbin"])) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return undefined;
}

export class Netns {
  #dropped = false;

  private constructor(
    readonly name: string,
    readonly hostIf: string,
    readonly nsIf: string,
    /** The host end's address: a manager that partitioned workers must reach listens here. */
    readonly hostAddr: string,
    readonly nsAddr: string,
    readonly ip: string,
    readonly iptables: string,
  ) {}

  /**
   * Create the namespace and the veth pair, or say why this machine cannot (not root, no
   * `ip`/`iptables`, namespaces refused): the caller skips its partition case then.
   */
  static async create(): Promise<Netns | { skip: string }> {
    if (Deno.build.os !== "linux") return { skip: "network namespaces need Linux" };
    if (Deno.uid() !== 0) return { skip: "network namespaces need root" };
    const ip = which("ip");
    const iptables = which("iptables");
    if (!ip) return { skip: "the `ip` command (iproute2) is not installed" };
    if (!iptables) return { skip: "the `iptables` command is not installed" };
    const tag = (Deno.pid % 100_000).toString(36) + Math.floor(Math.random() * 1296).toString(36);
    // A /30 whose third and fourth octets no interface of the host uses yet.
    const used = await sh([ip, "-4", "-o", "addr", "show"]).catch(() => "");
    let subnet = "";
    for (let i = 0; i < 64 && !subnet; i++) {
      const c = Math.floor(Math.random() * 250) + 1;
      const d = Math.floor(Math.random() * 63) * 4;
      if (!used.includes(`10.200.${c}.`)) subnet = `10.200.${c}.${d}`;
    }
    if (!subnet) return { skip: "no free 10.200.x.y/30 on this host" };
    const [a, b, c, d] = subnet.split(".").map(Number);
    const hostAddr = `${a}.${b}.${c}.${d + 1}`;
    const nsAddr = `${a}.${b}.${c}.${d + 2}`;
    const ns = new Netns(`titan-${tag}`, `tt${tag}h`, `tt${tag}n`, hostAddr, nsAddr, ip, iptables);
    try {
      await sh([ip, "netns", "add", ns.name]);
    } catch (err) {
      return { skip: `the machine refuses network namespaces: ${(err as Error).message}` };
    }
    try {
      await sh([ip, "link", "add", ns.hostIf, "type", "veth", "peer", "name", ns.nsIf]);
      await sh([ip, "link", "set", ns.nsIf, "netns", ns.name]);
      await sh([ip, "addr", "add", `${hostAddr}/30`, "dev", ns.hostIf]);
      await sh([ip, "link", "set", ns.hostIf, "up"]);
      await sh([ip, "-n", ns.name, "addr", "add", `${nsAddr}/30`, "dev", ns.nsIf]);
      await sh([ip, "-n", ns.name, "link", "set", ns.nsIf, "up"]);
      await sh([ip, "-n", ns.name, "link", "set", "lo", "up"]);
      // iptables must work inside the namespace, or there is no black hole to make.
      await sh([ip, "netns", "exec", ns.name, iptables, "-L", "INPUT", "-n"]);
    } catch (err) {
      await ns.destroy();
      return { skip: `cannot set up a veth pair and iptables: ${(err as Error).message}` };
    }
    return ns;
  }

  /** Run a command inside the namespace: put this before the argv (it execs it). */
  get prefix(): string[] {
    return [this.ip, "netns", "exec", this.name];
  }

  #rules(op: "-I" | "-D"): string[][] {
    const ipt = [this.ip, "netns", "exec", this.name, this.iptables];
    return [
      [...ipt, op, "INPUT", "-i", this.nsIf, "-j", "DROP"],
      [...ipt, op, "OUTPUT", "-o", this.nsIf, "-j", "DROP"],
    ];
  }

  /** Silently drop every packet in and out of the namespace's veth end. */
  async blackhole(): Promise<void> {
    if (this.#dropped) return;
    for (const rule of this.#rules("-I")) await sh(rule);
    this.#dropped = true;
  }

  /** Let packets through again. */
  async heal(): Promise<void> {
    if (!this.#dropped) return;
    for (const rule of this.#rules("-D")) await sh(rule);
    this.#dropped = false;
  }

  /** Remove the namespace and the veth pair (the namespace takes its rules with it). */
  async destroy(): Promise<void> {
    await sh([this.ip, "netns", "del", this.name]).catch(() => {});
    await sh([this.ip, "link", "del", this.hostIf]).catch(() => {});
  }
}
