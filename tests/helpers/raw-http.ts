// Requests with exactly the bytes a client sends, for what app.inject cannot express:
// backslashes in the path and absolute-form request lines (`GET http://host/ HTTP/1.1`).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Listens on a free 127.0.0.1 port (once) and returns the port. */
export async function listenLocally(app: FastifyInstance): Promise<number> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/** Sends `GET <target> HTTP/1.1` as is and reads the whole (non-chunked) answer. */
export async function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const head = Object.entries({ host: '127.0.0.1', ...headers, connection: 'close', 'accept-encoding': 'identity' })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\n${head}\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
  const [headText, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = headText.split('\r\n');
  const parsed: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    parsed[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers: parsed, body: rest.join('\r\n\r\n') };
}
