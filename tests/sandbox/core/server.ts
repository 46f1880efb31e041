import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

type ServeOptions = Parameters<typeof serve>[0];

export interface RunningServer {
  port: number;
  /** e.g. `http://127.0.0.1:47803` (no trailing slash). */
  origin: string;
  stop(): Promise<void>;
}

/**
 * Serves a Hono app on loopback only. Port 0 picks a free port (what tests use). HTTPS takes a
 * PEM key and certificate (the Microsoft authority must be HTTPS for MSAL).
 */
export function listen(app: { fetch: ServeOptions['fetch'] }, options: { port: number; https?: { key: string; cert: string } }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const protocol = options.https ? 'https' : 'http';
    let server: ServerType;
    const onError = (error: Error) => reject(new Error(`Sandbox could not listen on 127.0.0.1:${options.port}: ${error.message}`));
    const onListening = (info: AddressInfo) => {
      server.off('error', onError);
      resolve({
        port: info.port,
        origin: `${protocol}://127.0.0.1:${info.port}`,
        stop: () => stopServer(server),
      });
    };
    server = options.https
      ? serve(
          {
            fetch: app.fetch,
            port: options.port,
            hostname: '127.0.0.1',
            createServer: createHttpsServer,
            serverOptions: { key: options.https.key, cert: options.https.cert },
          },
          onListening,
        )
      : serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, onListening);
    server.once('error', onError);
  });
}

function stopServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    // Hung requests and keep-alive sockets would hold close() open forever.
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
