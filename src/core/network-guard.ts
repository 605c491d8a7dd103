/**
 * Where attachment downloads may connect. A download URL comes from provider data, so a hostile
 * or compromised provider could point it at the caller's own network: the cloud metadata service
 * (169.254.169.254), an admin port on loopback, a database on a private range. By default such
 * addresses are refused, checked three times: an IP literal before any socket is opened, every
 * address a host name resolves to (the lookup the socket uses, so what is checked is what is
 * dialled), and the address the socket actually connected to.
 * @module
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** Which hosts a download may reach besides the public internet. */
export interface NetworkPolicy {
  /** Allow every private, loopback and link-local address (sandboxes, self-hosted storage). */
  allowPrivateNetwork: boolean;
  /** Host names (lower case) allowed whatever they resolve to. */
  allowHosts: ReadonlySet<string>;
}

/** The abort reason when a download would reach a refused address. */
export class ForbiddenAddressError extends Error {
  /** Recognised by the download path, which turns it into a `ValidationError`. */
  readonly code = 'UNIFIED_ATS_FORBIDDEN_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a loopback, private, link-local or metadata address`);
    this.name = 'ForbiddenAddressError';
  }
}

/**
 * Loopback, unspecified, private (RFC 1918, unique-local), shared (CGNAT, where some clouds put
 * their metadata service), link-local (the usual metadata address), benchmark, multicast and
 * reserved ranges; IPv4-mapped IPv6 addresses are checked against the IPv4 rules.
 */
const refused = (() => {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv4');
  }
  // Azure's platform endpoint is a public address that answers metadata requests.
  list.addAddress('168.63.129.16', 'ipv4');
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    // NAT64 (the IPv4 address sits in the last 32 bits): refused rather than decoded.
    ['64:ff9b::', 96],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv6');
  }
  return list;
})();

/** Whether `address` (an IP literal, brackets allowed) is one downloads refuse by default. */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  return refused.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether `host` may be reached at `address` under `policy`. */
function allowed(policy: NetworkPolicy, host: string, address: string): boolean {
  return policy.allowPrivateNetwork || policy.allowHosts.has(host.toLowerCase().replace(/^\[|\]$/g, '')) || !isRefusedAddress(address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails when any address of the name is refused (so none is dialled). */
function validatingLookup(policy: NetworkPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.find((entry) => !allowed(policy, hostname, entry.address));
      if (bad) return callback(new ForbiddenAddressError(hostname, bad.address) as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}

/** The socket connector of an undici Agent: a plain connector with the three checks. */
export type Connector = buildConnector.connector;

/**
 * Wraps `base` (or builds one with the validating lookup) so a refused address never gets a
 * request: literal hosts are checked before connecting, and the connected socket's remote address
 * after (the last line, whatever the lookup did).
 */
export function guardedConnector(policy: NetworkPolicy, options: buildConnector.BuildOptions, base?: Connector): Connector {
  const connect = base ?? buildConnector({ ...options, lookup: validatingLookup(policy) } as buildConnector.BuildOptions);
  return (connectOptions, callback) => {
    const host = connectOptions.hostname;
    if (isIP(host.replace(/^\[|\]$/g, '')) && !allowed(policy, host, host)) {
      callback(new ForbiddenAddressError(host, host), null);
      return;
    }
    connect(connectOptions, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('No socket'), null);
      const remote = (socket as Socket).remoteAddress;
      if (remote && !allowed(policy, host, remote)) {
        socket.destroy();
        return callback(new ForbiddenAddressError(host, remote), null);
      }
      return callback(null, socket);
    });
  };
}

/** The policy from the connector's `downloads` option. */
export function networkPolicy(options: { allowPrivateNetwork?: boolean; allowHosts?: readonly string[] } = {}): NetworkPolicy {
  return {
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    allowHosts: new Set((options.allowHosts ?? []).map((host) => host.toLowerCase().replace(/^\[|\]$/g, ''))),
  };
}

