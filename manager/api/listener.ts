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
 */
import net from "node:net";
import tls from "node:tls";
import { Buffer } from "node:buffer";
import { grpc } from "../../shared/proto.ts";

const PREFACE_BYTES = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
const FRAME_HEADER_BYTES = 9;
const GOAWAY = 0x7;

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
function relay(outer: net.Socket, inner: net.Socket): void {
  // Both ways: the clients (workers, the CLI) run on Deno too, and the same nghttp2 abort
  // strikes a client that receives the manager's GOAWAY (on shutdown). Without it a client
  // sees its connection close and reconnects, which it must handle anyway.
  const filter = new GoawayFilter(true);
  const toClient = new GoawayFilter(false);
  outer.setNoDelay(true);
  inner.setNoDelay(true);
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
): Promise<GrpcListener> {
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
  const inner = net.createServer((socket) => {
    const key = socket.remotePort ?? 0;
    const peer = waitingPeers.get(key);
    if (peer) {
      waitingPeers.delete(key);
      inject(socket, peer);
    } else {
      waitingSockets.set(key, socket);
    }
  });
  await listen(inner, 0, "127.0.0.1");
  const innerPort = (inner.address() as net.AddressInfo).port;

  const accept = (outer: net.Socket) => {
    const peer = { address: outer.remoteAddress ?? "", port: outer.remotePort ?? 0 };
    const relayed = net.connect(innerPort, "127.0.0.1", () => {
      const key = relayed.localPort ?? 0;
      const socket = waitingSockets.get(key);
      if (socket) {
        waitingSockets.delete(key);
        inject(socket, peer);
      } else {
        waitingPeers.set(key, peer);
      }
    });
    relay(outer, relayed);
  };
  const outer = tlsOptions
    ? tls.createServer({ ...tlsOptions, ALPNProtocols: ["h2"] }, accept)
    : net.createServer(accept);
  // A failed TLS handshake (plaintext client, missing client certificate) only ends that
  // connection.
  outer.on("tlsClientError", (_err: Error, socket: net.Socket) => socket.destroy());
  try {
    await listen(outer, port, host.replace(/^\[|\]$/g, ""));
  } catch (err) {
    inner.close();
    throw err;
  }
  return {
    port: (outer.address() as net.AddressInfo).port,
    close: () => {
      outer.close();
      inner.close();
    },
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
