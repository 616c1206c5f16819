import test from 'ava';
import { sameOriginPath } from '../../src/review/auth.ts';
import { printable } from '../../src/review/app.ts';

test('printable shows every control character escaped and leaves other text alone', (t) => {
  t.is(
    printable('job_\u001b]0;PWNED\u0007\u001b[2J\u0000x\u009b'),
    'job_\\x1b]0;PWNED\\x07\\x1b[2J\\x00x\\x9b',
  );
  t.is(printable('plain ünïcode – text'), 'plain ünïcode – text');
});

test('the login redirect target is a path on the same server, never another site', (t) => {
  t.is(sameOriginPath('http://127.9.9.9:80//evil.example/?token=x&a=1'), '/evil.example/?a=1');
  t.is(sameOriginPath('http://127.9.9.9:80/findings/1?token=x'), '/findings/1');
  t.is(sameOriginPath('http://127.9.9.9:80/?token=x'), '/');
});
