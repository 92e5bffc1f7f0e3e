import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { startLocalServer, webTriggerTarget, type LocalServer } from '../../local/http/server';
import { jsonBytesWithin } from '../../local/limits';
import type { LocalRuntime } from '../../local/runtime';
import { echoRuntime, type FunctionFailure } from '../support/echo-app';

/**
 * The runtime reads most web trigger calls without the general machinery (no URL parse, no
 * serialisation to check a size): these shortcuts must answer exactly what the general path would.
 */

/** What the runtime did before its shortcut, for every URL: parse it, then match the path. */
function parsedTarget(rawUrl: string): { key: string; rest: string } | undefined {
  const url = new URL(rawUrl, 'http://localhost');
  const trigger = /^\/x1\/([^/?]+)(\/.*)?$/.exec(url.pathname);
  return trigger ? { key: trigger[1] ?? '', rest: (trigger[2] ?? '') + url.search } : undefined;
}

const URL_CHARS = [...'abcXYZ019-_.~!$&\'()*+,;=:@%/?#[]{}|\\^`"<> é'].concat(['%2e', '%2E', '..', '%41', '%']);

describe('reading a web trigger URL', () => {
  it('names the same trigger, path and query as parsing the URL would, for any URL', () => {
    const tail = fc.array(fc.constantFrom(...URL_CHARS), { maxLength: 24 }).map((parts) => parts.join(''));
    const raw = fc.tuple(fc.constantFrom('/x1/polls-api', '/x1/echo', '/x1/', '/x2/echo', '/x1/a.b'), tail).map(([a, b]) => a + b);
    fc.assert(
      fc.property(raw, (url) => {
        expect(webTriggerTarget(url)).toEqual(parsedTarget(url));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['/x1/echo/polls/1?token=qrm_x&type=polls', { key: 'echo', rest: '/polls/1?token=qrm_x&type=polls' }],
    ['/x1/echo/a/../b', { key: 'echo', rest: '/b' }],
    ['/x1/echo/%2e%2E/b', { key: 'b', rest: '' }],
    ['/x1/echo/a b', { key: 'echo', rest: '/a%20b' }],
    ['/x1/echo?', { key: 'echo', rest: '' }],
    ["/x1/echo?q='x'", { key: 'echo', rest: '?q=%27x%27' }],
    ['/modules/x/', undefined],
  ])('reads %s as the URL parser does', (url, expected) => {
    expect(webTriggerTarget(url)).toEqual(expected);
  });
});

describe('checking a payload against a size limit', () => {
  const exact = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

  it('agrees with the serialised size for any JSON value and any limit', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(value, text, fc.dictionary(text, value)), fc.nat({ max: 2_000 }), (v, limit) => {
        expect(jsonBytesWithin(v, limit)).toBe(exact(v) <= limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts escapes and lone surrogates, which take more bytes than characters', () => {
    for (const text of ['\u0000\u001f', '\ud800', 'é', '😀', '"\\']) {
      const size = exact({ text });
      expect(jsonBytesWithin({ text }, size)).toBe(true);
      expect(jsonBytesWithin({ text }, size - 1)).toBe(false);
    }
  });

  it('serialises what it cannot bound: a toJSON, a class instance, a deep tree', () => {
    class Box {
      constructor(readonly inner: string) {}
    }
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = [deep];
    for (const value of [{ toJSON: () => 'x'.repeat(50) }, new Box('y'.repeat(50)), deep]) {
      expect(jsonBytesWithin(value, exact(value))).toBe(true);
      expect(jsonBytesWithin(value, exact(value) - 1)).toBe(false);
    }
  });
});

describe('a web trigger answer over HTTP', () => {
  const failures: FunctionFailure[] = [];
  let runtime: LocalRuntime;
  let server: LocalServer;

  beforeAll(async () => {
    runtime = echoRuntime(failures);
    server = await startLocalServer(runtime, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
  });

  function get(path: string, body?: string): Promise<{ status: number; rawHeaders: string[]; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  const headerLines = (rawHeaders: string[], name: string): string[] =>
    rawHeaders.flatMap((value, i) => (i % 2 === 1 && rawHeaders[i - 1]?.toLowerCase() === name ? [value] : []));

  it('carries its length, not a chunked body, and one header line per value', async () => {
    const response = await get('/x1/echo/hello?a=1');
    expect(response.status).toBe(200);
    expect(headerLines(response.rawHeaders, 'content-length')).toEqual([String(Buffer.byteLength(response.text))]);
    expect(headerLines(response.rawHeaders, 'transfer-encoding')).toEqual([]);
    expect(headerLines(response.rawHeaders, 'x-echo')).toEqual(['a', 'b']);
    expect(JSON.parse(response.text).request).toMatchObject({ userPath: '/hello', queryParameters: { a: ['1'] } });
  });

  it('keeps a status text and a length the function set itself', async () => {
    const body = JSON.stringify({ statusCode: 202, statusText: 'Taken', headers: { 'Content-Length': ['2'] }, body: 'ok' });
    const response = await get('/x1/respond', body);
    expect(response.status).toBe(202);
    expect(headerLines(response.rawHeaders, 'content-length')).toEqual(['2']);
    expect(response.text).toBe('ok');
  });

  it('counts a multi-byte body in bytes', async () => {
    const response = await get('/x1/respond', JSON.stringify({ statusCode: 200, body: 'é😀' }));
    expect(headerLines(response.rawHeaders, 'content-length')).toEqual(['6']);
    expect(response.text).toBe('é😀');
  });
});
