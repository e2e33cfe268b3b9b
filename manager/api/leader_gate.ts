/**
 * The gate in front of the gRPC handlers when several managers share one database: only the
 * leader serves. The services are registered once, through this gate; each term of
 * leadership opens it with that term's handlers, and stepping down closes it again.
 *
 * While closed (a standby, or a leader between terms), every call is answered UNAVAILABLE
 * with a message and the trailing metadata `titan-leader` naming the leader's advertised
 * address when one is known, so clients go there (shared/leader_discovery.ts). The caller's
 * token is checked first: the leader's address is not told to strangers.
 *
 * While open, the term may still be unable to write (its database unreachable): calls that
 * change something are then refused with UNAVAILABLE at once instead of waiting; reads and
 * the worker streams go on (their reports wait for the database).
 */
import { toServiceError, unavailable } from "../../shared/errors.ts";
import { leaderMetadata } from "../../shared/leader_discovery.ts";
import {
  grpc,
  type ManagerServiceHandlers,
  titan,
  type WorkerServiceHandlers,
} from "../../shared/proto.ts";
import { checkBearer, type TokenKind } from "./auth.ts";

/** One term's handlers, and why it cannot take writes now (undefined when it can). */
export interface ServingTerm {
  manager: ManagerServiceHandlers;
  worker: WorkerServiceHandlers;
  writesRefused?: () => string | undefined;
  /**
   * Whether the term still holds its lease, asked on every call: a leader that wakes up
   * from a pause refuses at once, before its lease loop has noticed the loss.
   */
  isCurrent?: () => boolean;
}

type Handler = (...args: unknown[]) => unknown;
/** What the gate uses of a server stream (grpc-js's server calls are Node streams). */
interface StreamCall {
  metadata: grpc.Metadata;
  emit(event: "error", err: unknown): boolean;
  on(event: string, listener: () => void): unknown;
}

/** Methods that only read: served while the database is unreachable too (they may fail). */
const READ_ONLY = /^(Get|List|Watch)/;

export interface LeaderGateOptions {
  clientToken: string;
  workerToken: string;
  /** The leader's advertised host:port as last seen (undefined: none known). */
  leaderAddress: () => string | undefined;
}

export class LeaderGate {
  #term: ServingTerm | undefined;
  /** Streams opened during the current term: ended when it closes. */
  #streams = new Set<StreamCall>();

  constructor(readonly options: LeaderGateOptions) {}

  /** Whether a term is being served. */
  get isOpen(): boolean {
    return this.#term !== undefined;
  }

  /** Serve `term` from now on. */
  open(term: ServingTerm): void {
    this.#term = term;
  }

  /**
   * Stop serving: new calls are refused, and the open streams (workers, watchers) end with
   * UNAVAILABLE naming the leader if known, so their clients go and find it.
   */
  close(reason: string): void {
    this.#term = undefined;
    const streams = [...this.#streams];
    this.#streams.clear();
    for (const call of streams) {
      try {
        call.emit("error", this.#refusal(reason));
      } catch { /* already over */ }
    }
  }

  /** The answer of a manager that is not (or no longer) the leader. */
  #refusal(why = "this manager is not the leader"): grpc.ServiceError {
    const leader = this.options.leaderAddress();
    const details = leader
      ? `${why}; the leader is at ${leader}`
      : `${why}; no leader is known yet (an election is under way): try again shortly`;
    return Object.assign(new Error(details), {
      code: grpc.status.UNAVAILABLE,
      details,
      metadata: leaderMetadata(leader),
    });
  }

  managerHandlers(): ManagerServiceHandlers {
    return this.#gated(
      titan.ManagerService.service,
      "client",
      this.options.clientToken,
      (t) => t.manager,
    ) as unknown as ManagerServiceHandlers;
  }

  workerHandlers(): WorkerServiceHandlers {
    return this.#gated(
      titan.WorkerService.service,
      "worker",
      this.options.workerToken,
      (t) => t.worker,
    ) as unknown as WorkerServiceHandlers;
  }

  #gated(
    service: grpc.ServiceDefinition,
    kind: TokenKind,
    token: string,
    pick: (t: ServingTerm) => unknown,
  ): Record<string, Handler> {
    const out: Record<string, Handler> = {};
    for (const [name, def] of Object.entries(service)) {
      const streaming = def.requestStream || def.responseStream;
      const writes = kind === "client" && !READ_ONLY.test(name);
      out[name] = (call: unknown, callback?: unknown) => {
        const term = this.#term?.isCurrent?.() === false ? undefined : this.#term;
        const handler = term && (pick(term) as Record<string, Handler>)[name];
        const refusedWrite = handler && writes ? term.writesRefused?.() : undefined;
        if (!handler || refusedWrite) {
          let answer: Partial<grpc.ServiceError>;
          try {
            checkBearer((call as { metadata: grpc.Metadata }).metadata, token, kind);
            answer = refusedWrite ? toServiceError(unavailable(refusedWrite)) : this.#refusal();
          } catch (err) {
            answer = toServiceError(err);
          }
          if (streaming) (call as StreamCall).emit("error", answer);
          else (callback as grpc.sendUnaryData<unknown>)(answer as grpc.ServiceError);
          return;
        }
        if (streaming) {
          const stream = call as StreamCall;
          this.#streams.add(stream);
          const forget = () => this.#streams.delete(stream);
          stream.on("close", forget);
          stream.on("finish", forget);
          stream.on("cancelled", forget);
          stream.on("error", forget);
          return handler(call);
        }
        return handler(call, callback);
      };
    }
    return out;
  }
}
