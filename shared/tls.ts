/**
 * TLS credentials for both ends, from PEM files named by flags. The manager serves TLS with
 * --tls-cert/--tls-key and, with --tls-client-ca, requires every caller to present a
 * certificate signed by that CA (mutual TLS). Workers and the CLI verify the manager with
 * --tls-ca and present --tls-cert/--tls-key when the manager asks for client certificates.
 */
import { Buffer } from "node:buffer";
import { checkServerIdentity, type TlsOptions } from "node:tls";
import { ConfigError } from "./config.ts";
import { grpc } from "./proto.ts";

function readPem(path: string, flag: string): Buffer {
  try {
    return Buffer.from(Deno.readFileSync(path));
  } catch (err) {
    throw new ConfigError(`Cannot read ${flag} "${path}": ${(err as Error).message}`);
  }
}

/**
 * The manager's TLS server options, or undefined for plaintext (`cert` empty). With
 * `clientCa` every caller must present a certificate signed by it (mutual TLS; X.509 v3:
 * Deno's TLS refuses v1 certificates).
 *
 * Not grpc-js `createSsl`: under Deno, without a client CA it fills `ca` with the default
 * root bundle ($GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, often the whole system store), and Deno's
 * node:tls sends every `ca` certificate along with the server's chain; the ~200 KB handshake
 * is refused by clients ("excessive message size"). Here `ca` is set only for mutual TLS, to
 * the client CA (which then rides along in the served chain too: fine for a CA, not for a
 * large bundle). The manager serves these options itself (manager/listener.ts).
 */
export function serverTlsOptions(
  opts: { cert: string; key: string; clientCa: string },
): TlsOptions | undefined {
  if (!opts.cert) {
    if (opts.key || opts.clientCa) {
      throw new ConfigError("--tls-key and --tls-client-ca need --tls-cert");
    }
    return undefined;
  }
  if (!opts.key) throw new ConfigError("--tls-cert needs --tls-key");
  const clientCa = opts.clientCa ? readPem(opts.clientCa, "--tls-client-ca") : undefined;
  return {
    cert: readPem(opts.cert, "--tls-cert"),
    key: readPem(opts.key, "--tls-key"),
    ...(clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

/**
 * Channel credentials for talking to the manager at `address` (host:port): plaintext when
 * `ca` is empty. The server certificate is checked against the host of `address` (a DNS
 * name or an IP address in its subjectAltName).
 */
export function clientCredentials(
  opts: { ca: string; cert: string; key: string },
  address: string,
): grpc.ChannelCredentials {
  if (!opts.ca) {
    if (opts.cert || opts.key) throw new ConfigError("--tls-cert and --tls-key need --tls-ca");
    return grpc.credentials.createInsecure();
  }
  if (Boolean(opts.cert) !== Boolean(opts.key)) {
    throw new ConfigError("--tls-cert and --tls-key go together");
  }
  const host = hostOf(address);
  return grpc.credentials.createSsl(
    readPem(opts.ca, "--tls-ca"),
    opts.key ? readPem(opts.key, "--tls-key") : null,
    opts.cert ? readPem(opts.cert, "--tls-cert") : null,
    // Always against the real host: for an IP address the channel sends a placeholder SNI
    // name (see SNI_PLACEHOLDER in proto.ts), which must not be what is verified.
    { checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert) },
  );
}

/** The host part of host:port, without IPv6 brackets. */
export function hostOf(address: string): string {
  const host = address.slice(0, address.lastIndexOf(":"));
  return host.startsWith("[") ? host.slice(1, -1) : host;
}
