import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, BUNDLED_KB_DIR, SCIM_PASTE } from '../helpers/http-app.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
  localPort: number | undefined;
}

/** One request with node:http, a real client on a real socket. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: options.agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, reusedSocket: req.reusedSocket, localPort: req.socket?.localPort }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the API on a real listening port', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await appFor(BUNDLED_KB_DIR, { limits: { bodyLimit: 64 * 1024 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('matches a raw text/plain paste, as curl --data-binary sends it', async () => {
    const res = await send(port, { method: 'POST', path: '/v1/match', headers: { 'content-type': 'text/plain' }, body: SCIM_PASTE });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).matches[0].rule.id).toBe('atlassian-cloud-scim-api-key-invalid');
  });

  it('refuses a body over the limit with 413 JSON, without reading it all', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const res = await send(port, { method: 'POST', path: '/v1/match', headers: { 'content-type': 'text/plain', 'content-length': String(big.length) }, body: big });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 413, code: 'KB_HTTP_BODY_TOO_LARGE', error: 'Payload Too Large' });
  });

  it('refuses a chunked body over the limit with 413 too', async () => {
    const res = await new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/match', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (r) => {
        let body = '';
        r.on('data', (c) => (body += String(c)));
        r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body, reusedSocket: false, localPort: undefined }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(8 * 1024));
      req.end();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('KB_HTTP_BODY_TOO_LARGE');
  });

  it('keeps the connection alive across requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(port, { path: '/healthz', agent });
      const second = await send(port, { method: 'POST', path: '/v1/match', headers: { 'content-type': 'text/plain' }, body: SCIM_PASTE, agent });
      const third = await send(port, { path: '/v1/rules/nope', agent });
      expect([first.status, second.status, third.status]).toEqual([200, 200, 404]);
      expect(first.headers.connection).toBe('keep-alive');
      expect(first.reusedSocket).toBe(false);
      expect(second.reusedSocket).toBe(true);
      expect(third.reusedSocket).toBe(true);
      expect(new Set([first.localPort, second.localPort, third.localPort]).size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('answers fetch (undici) clients with JSON errors too', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/match`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'KB_HTTP_MALFORMED_JSON' });
  });
});
