/**
 * The manager's gRPC listener. We accept TCP (or TLS) connections ourselves and hand each to
 * grpc-js through its connection injector, after a filter that drops the HTTP/2 GOAWAY frames
 * clients send.
 *
 * Why: Deno 2.9's node:http2 runs nghttp2, which aborts the whole process (SIGABRT, or a
 * segfault) while processing some GOAWAY frames received from a closing client
 * (`find_stream_on_goaway_func: Assertion 'stream->closed_next == NULL'`, denoland/deno#36788).
 * Every client that closes its channel sends one, and no token is needed to do so: without
 * the filter a few hundred short-lived connections crash the manager (measured here: 2 runs
 * of 3 within 2000 connections). A client's GOAWAY only says it will open no more streams;
 * it then closes the connection, which the server handles as an ordinary end of session.
 * So dropping it loses nothing. Remove this once the runtime is fixed.
 *
 * The relay costs three descriptors per connection (the client's, and both ends of the
 * loopback connection), so the listener also guards the descriptors:
 * - the loopback connection is opened only once the client sent its first bytes: a
 *   connection that only sits there costs one descriptor, not three;
 * - a connection that sent no request (no HTTP/2 HEADERS frame) within the idle timeout is
 *   closed, so idle sockets cannot pile up;
 * - past `maxConnections` a new connection is closed at once (clients retry with backoff);
 * - Deno's accept loop stops for good after an accept fails for want of descriptors (EMFILE;
 *   measured: it never accepts again, even once descriptors are free). Each listener is
 *   therefore probed every second with a connection of our own; one that took the
 *   connection into its backlog but never handed it to us is wedged, and is replaced by a
 *   new listener on the same port. `accepting()` is what /readyz reports.
 */
import net from "node:net";
import tls from "node:tls";
import { Buffer } from "node:buffer";
import { grpc } from "../../shared/proto.ts";
import type { Logger } from "../../shared/log.ts";

const PREFACE_BYTES = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
const FRAME_HEADER_BYTES = 9;
const GOAWAY = 0x7;
const HEADERS = 0x1;

/**
 * Removes GOAWAY frames from an HTTP/2 byte stream; passes all else. A client-to-server
 * stream starts with the 24-byte connection preface; a server-to-client one does not.
 */
export class GoawayFilter {
  #prefaceLeft: number;
  constructor(fromClient = true) {
    this.#prefaceLeft = fromClient ? PREFACE_BYTES : 0;
  }

  #header = new Uint8Array(FRAME_HEADER_BYTES);
  #headerFill = 0;
  #payloadLeft = 0;
  #dropping = false;
  /** GOAWAY frames removed so far. */
  dropped = 0;
  /** HEADERS frames on a stream (requests, from a client) seen so far. */
  requests = 0;

  /** The bytes of `chunk` to forward (possibly none). */
  filter(chunk: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#prefaceLeft > 0) {
        const n = Math.min(this.#prefaceLeft, chunk.length - i);
        out.push(chunk.subarray(i, i + n));
        this.#prefaceLeft -= n;
        i += n;
      } else if (this.#payloadLeft > 0) {
        const n = Math.min(this.#payloadLeft, chunk.length - i);
        if (!this.#dropping) out.push(chunk.subarray(i, i + n));
        this.#payloadLeft -= n;
        i += n;
      } else {
        const n = Math.min(FRAME_HEADER_BYTES - this.#headerFill, chunk.length - i);
        this.#header.set(chunk.subarray(i, i + n), this.#headerFill);
        this.#headerFill += n;
        i += n;
        if (this.#headerFill < FRAME_HEADER_BYTES) break;
        this.#headerFill = 0;
        const h = this.#header;
        this.#payloadLeft = (h[0] << 16) | (h[1] << 8) | h[2];
        this.#dropping = h[3] === GOAWAY;
        if (h[3] === HEADERS && ((h[5] & 0x7f) | h[6] | h[7] | h[8]) !== 0) this.requests++;
        if (this.#dropping) this.dropped++;
        else out.push(h.slice());
      }
    }
    if (out.length === 1) return out[0];
    return out.length === 0 ? new Uint8Array(0) : Buffer.concat(out);
  }
}

/** Who connected: the address grpc-js reports as the call's peer. */
interface Peer {
  address: string;
  port: number;
}

/**
 * Pipe `outer` (the client's connection) to and from `inner` (a loopback connection to the
 * socket grpc-js serves), dropping GOAWAY frames both ways. Two real sockets, not a
 * JS Duplex: Deno's http2 reads a JS stream a hundred times slower than a socket.
 */
function relay(
  outer: net.Socket,
  inner: net.Socket,
  filter: GoawayFilter,
  first: Buffer,
): void {
  // Both ways: the clients (workers, the CLI) run on Deno too, and the same nghttp2 abort
  // strikes a client that receives the manager's GOAWAY (on shutdown). Without it a client
  // sees its connection close and reconnects, which it must handle anyway.
  const toClient = new GoawayFilter(false);
  outer.setNoDelay(true);
  inner.setNoDelay(true);
  const head = filter.filter(first);
  if (head.length > 0) inner.write(head);
  outer.on("data", (chunk: Buffer) => {
    const pass = filter.filter(chunk);
    if (pass.length > 0 && !inner.write(pass)) outer.pause();
  });
  inner.on("drain", () => outer.resume());
  inner.on("data", (chunk: Buffer) => {
    const pass = toClient.filter(chunk);
    if (pass.length > 0 && !outer.write(pass)) inner.pause();
  });
  outer.on("drain", () => inner.resume());
  outer.on("end", () => inner.end());
  inner.on("end", () => outer.end());
  const close = () => {
    outer.destroy();
    inner.destroy();
  };
  outer.on("close", close);
  inner.on("close", close);
  outer.on("error", close);
  inner.on("error", close);
}

export interface GrpcListener {
  port: number;
  /** Stop accepting connections (existing ones are grpc-js's to shut down). */
  close(): void;
  /** Whether both listeners took our own probe connection lately (see the top). */
  accepting(): boolean;
  /** Client connections open now. */
  connections(): number;
}

export interface ListenerLimits {
  /** Connections served at once; more are closed at once. */
  maxConnections: number;
  /** A connection that sent no request within this is closed. */
  idleTimeoutMs: number;
  /** How often each listener is probed (default 1000 ms). */
  probeIntervalMs?: number;
  log?: Logger;
}

const PROBE_TIMEOUT_MS = 2000;
/** Probes a listener failed in a row (while we could connect) before it is replaced. */
const WEDGED_AFTER = 2;

/**
 * A listener that is probed and replaced when wedged: `make` builds a fresh net.Server with
 * its handlers, `onConnection` sees every accepted socket first (probes are taken out here).
 */
class WatchedListener {
  server!: net.Server;
  port = 0;
  healthy = true;
  #failures = 0;
  readonly #probes = new Map<number, () => void>();

  constructor(
    readonly name: string,
    readonly host: string,
    readonly make: (onConnection: (socket: net.Socket) => boolean) => net.Server,
    readonly log?: Logger,
  ) {}

  /** Remote ports of the last accepted sockets: a probe may be accepted before it knows its port. */
  readonly #recent = new Array<number>(64).fill(-1);
  #next = 0;

  /** True when `socket` is one of our probes (then it is closed here). */
  #takeProbe = (socket: net.Socket): boolean => {
    const port = socket.remotePort ?? -1;
    this.#recent[this.#next++ & 63] = port;
    const done = this.#probes.get(port);
    if (!done) return false;
    socket.destroy();
    done();
    return true;
  };

  async listen(port: number): Promise<void> {
    const server = this.make(this.#takeProbe);
    await listen(server, port, this.host);
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Connect to ourselves; "ok" when the accept callback saw it. */
  #probe(): Promise<"ok" | "cannot-connect" | "wedged"> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: "ok" | "cannot-connect" | "wedged") => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (key !== undefined) this.#probes.delete(key);
        socket.destroy();
        resolve(result);
      };
      let key: number | undefined;
      const socket = net.connect(
        this.port,
        this.host === "0.0.0.0" || this.host === "::" ? "127.0.0.1" : this.host,
      );
      socket.on("connect", () => {
        key = socket.localPort ?? -1;
        // Accepted already (the server's callback ran first): it is handled as a client
        // that sent nothing, and ends when we close it.
        if (this.#recent.includes(key)) return finish("ok");
        this.#probes.set(key, () => finish("ok"));
      });
      socket.on("error", () => finish(key === undefined ? "cannot-connect" : "wedged"));
      const timer = setTimeout(
        () => finish(key === undefined ? "cannot-connect" : "wedged"),
        PROBE_TIMEOUT_MS,
      );
    });
  }

  async check(): Promise<void> {
    const result = await this.#probe();
    this.healthy = result === "ok";
    if (result !== "wedged") {
      if (result === "ok") this.#failures = 0;
      return;
    }
    if (++this.#failures < WEDGED_AFTER) return;
    this.log?.warn("listener stopped accepting (out of descriptors?): listening again", {
      listener: this.name,
      port: this.port,
    });
    const old = this.server;
    old.close();
    try {
      await this.listen(this.name === "inner" ? 0 : this.port);
      this.#failures = 0;
    } catch (err) {
      // Not even a socket to listen with: the next probe tries again.
      this.server = old;
      this.log?.warn("listening again failed", { listener: this.name, err: String(err) });
    }
  }
}

/**
 * Accept connections on host:port (TLS when `tlsOptions` is given) and serve them with
 * `server`'s services. Resolves with the bound port.
 *
 * Each client connection is relayed through the GOAWAY filter to a private loopback listener
 * whose sockets are handed to grpc-js (its connection injector), with the client's address
 * as their peer.
 */
export async function listenGrpc(
  server: grpc.Server,
  host: string,
  port: number,
  tlsOptions?: tls.TlsOptions,
  limits: ListenerLimits = { maxConnections: Infinity, idleTimeoutMs: 30_000 },
): Promise<GrpcListener> {
  const log = limits.log;
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  // An inner connection is matched to its client by the relay's local port, whichever of
  // the two ends shows up first.
  const waitingPeers = new Map<number, Peer>();
  const waitingSockets = new Map<number, net.Socket>();
  const inject = (socket: net.Socket, peer: Peer) => {
    Object.defineProperties(socket, {
      remoteAddress: { value: peer.address, configurable: true },
      remotePort: { value: peer.port, configurable: true },
    });
    injector.injectConnection(socket);
  };
  const inner = new WatchedListener(
    "inner",
    "127.0.0.1",
    (takeProbe) =>
      net.createServer((socket) => {
        if (takeProbe(socket)) return;
        const key = socket.remotePort ?? 0;
        const peer = waitingPeers.get(key);
        if (peer) {
          waitingPeers.delete(key);
          inject(socket, peer);
        } else {
          waitingSockets.set(key, socket);
          socket.once("close", () => waitingSockets.delete(key));
        }
      }),
    log,
  );
  await inner.listen(0);

  let open = 0;
  let refused = 0;
  let lastRefusalLog = 0;
  /** A client connection accepted: count it, bound it, time it out while it sends nothing. */
  const admit = (raw: net.Socket): boolean => {
    if (open >= limits.maxConnections) {
      refused++;
      raw.destroy();
      if (Date.now() - lastRefusalLog > 10_000) {
        lastRefusalLog = Date.now();
        log?.warn("too many connections: closing new ones", {
          open,
          maxConnections: limits.maxConnections,
          refused,
        });
      }
      return false;
    }
    open++;
    raw.once("close", () => open--);
    return true;
  };
  /** Relay a client's stream (plain TCP, or TLS after the handshake). */
  const accept = (outer: net.Socket) => {
    const peer = { address: outer.remoteAddress ?? "", port: outer.remotePort ?? 0 };
    const filter = new GoawayFilter(true);
    const idle = setTimeout(() => {
      if (filter.requests === 0) outer.destroy();
    }, limits.idleTimeoutMs);
    outer.once("close", () => clearTimeout(idle));
    outer.on("error", () => outer.destroy());
    // The loopback connection only once the client has said something.
    outer.once("data", (first: Buffer) => {
      const relayed = net.connect(inner.port, "127.0.0.1", () => {
        const key = relayed.localPort ?? 0;
        const socket = waitingSockets.get(key);
        if (socket) {
          waitingSockets.delete(key);
          inject(socket, peer);
        } else {
          waitingPeers.set(key, peer);
        }
      });
      relay(outer, relayed, filter, first);
    });
  };
  const bindHost = host.replace(/^\[|\]$/g, "");
  const outer = new WatchedListener("grpc", bindHost, (takeProbe) => {
    if (tlsOptions) {
      const secure = tls.createServer({
        ...tlsOptions,
        ALPNProtocols: ["h2"],
        // A client that never completes its handshake is an idle connection too.
        handshakeTimeout: limits.idleTimeoutMs,
      }, accept);
      secure.on("connection", (raw: net.Socket) => {
        if (!takeProbe(raw)) admit(raw);
      });
      // A failed TLS handshake (plaintext client, missing client certificate) only ends that
      // connection.
      secure.on("tlsClientError", (_err: Error, socket: net.Socket) => socket.destroy());
      return secure;
    }
    return net.createServer((socket) => {
      if (takeProbe(socket) || !admit(socket)) return;
      accept(socket);
    });
  }, log);
  try {
    await outer.listen(port);
  } catch (err) {
    inner.server.close();
    throw err;
  }
  let checking = false;
  const probeTimer = setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      await outer.check();
      await inner.check();
    } finally {
      checking = false;
    }
  }, limits.probeIntervalMs ?? 1000);
  return {
    port: outer.port,
    close: () => {
      clearInterval(probeTimer);
      outer.server.close();
      inner.server.close();
    },
    accepting: () => outer.healthy && inner.healthy,
    connections: () => open,
  };
}

function listen(listener: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(port, host, () => {
      listener.off("error", reject);
      resolve();
    });
  });
}
