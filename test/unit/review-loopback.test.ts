/**
 * Where the review app listens: a random 127.a.b.c of its own; a taken one is tried again with
 * another; where the system refuses every address but 127.0.0.1, it serves there and says why.
 */
import { createServer, type Server } from 'node:http';
import test from 'ava';
import { FALLBACK_HOST, listenOnOwnLoopback, randomLoopback } from '../../src/review/server.ts';

function serverFor(t: { teardown: (fn: () => void) => void }): Server {
  const server = createServer();
  t.teardown(() => void server.close());
  return server;
}

test('a random loopback address is in 127.0.0.0/8 and never 127.0.0.1', (t) => {
  for (let i = 0; i < 1000; i++) {
    const host = randomLoopback();
    t.regex(host, /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    t.not(host, FALLBACK_HOST);
    t.false(/\.(0|255)$/.test(host), host);
  }
});

test('the app listens on its own loopback address, and says nothing', async (t) => {
  const lines: string[] = [];
  const host = await listenOnOwnLoopback(serverFor(t), undefined, (l) => lines.push(l));
  t.regex(host, /^127\./);
  t.not(host, FALLBACK_HOST);
  t.deepEqual(lines, []);
});

test('where the system refuses other addresses, it serves on 127.0.0.1 and says so', async (t) => {
  const lines: string[] = [];
  const server = serverFor(t);
  // 192.0.2.1 (TEST-NET-1) is on no interface: listening there is EADDRNOTAVAIL, as 127.a.b.c is
  // on systems that route only 127.0.0.1.
  const host = await listenOnOwnLoopback(
    server,
    undefined,
    (l) => lines.push(l),
    () => '192.0.2.1',
  );
  t.is(host, FALLBACK_HOST);
  t.like(server.address(), { address: FALLBACK_HOST });
  t.is(lines.length, 1);
  t.regex(
    lines[0]!,
    /refuses loopback addresses other than 127\.0\.0\.1 \(EADDRNOTAVAIL\): serving on 127\.0\.0\.1/,
  );
});

test('an address and port already taken is tried again with another address', async (t) => {
  const taken = serverFor(t);
  const first = await listenOnOwnLoopback(taken, undefined, () => {});
  const { port } = taken.address() as { port: number };
  const picks = [first, randomLoopback()];
  const host = await listenOnOwnLoopback(
    serverFor(t),
    port,
    () => {},
    () => picks.shift() ?? randomLoopback(),
  );
  t.not(host, first);
  t.regex(host, /^127\./);
});
