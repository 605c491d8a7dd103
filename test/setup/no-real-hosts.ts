/**
 * Guard for every test file: no test may reach a host outside loopback. Any socket connection to
 * another address fails the test at once, instead of silently reaching a real provider.
 */
import net from 'node:net';

const allowed = (host: string | undefined) =>
  host === undefined || host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]';

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  const host =
    typeof first === 'object' && first !== null
      ? first.path
        ? 'localhost'
        : first.host
      : typeof args[1] === 'string'
        ? (args[1] as string)
        : undefined;
  if (!allowed(host)) throw new Error(`Test tried to reach a non-loopback host: ${host}`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
