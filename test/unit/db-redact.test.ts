import test from 'ava';
import { redactSecrets, redactUrl } from '../../src/db/redact.ts';

test('masks the password of a URL and keeps the rest', (t) => {
  t.is(
    redactUrl('postgres://app:s3cret@db.example:5432/jobs?sslmode=require'),
    'postgres://app:***@db.example:5432/jobs?sslmode=require',
  );
  t.is(redactUrl('postgresql://app:p%40ss@localhost/jobs'), 'postgresql://app:***@localhost/jobs');
});

test('a password with unencoded URL delimiters is masked whole', (t) => {
  t.is(redactUrl('postgres://app:p@ss@host/db'), 'postgres://app:***@host/db');
  t.is(redactUrl('postgres://app:a/b#c?d@host/db'), 'postgres://app:***@host/db');
  t.is(
    redactSecrets('bad URL postgres://app:a/b#c@host/db.', ['postgres://app:a/b#c@host/db']),
    'bad URL postgres://app:***@host/db.',
  );
});

test('leaves URLs without a password alone', (t) => {
  for (const url of [
    'postgres://postgres@127.0.0.1:5432/postgres',
    'postgres://127.0.0.1/db',
    'postgres://app:@host/db',
  ]) {
    t.is(redactUrl(url), url);
  }
});

test('masks password query parameters', (t) => {
  t.is(
    redactUrl('postgres://app@host/db?password=s3cret&sslmode=disable'),
    'postgres://app@host/db?password=***&sslmode=disable',
  );
  t.is(redactUrl('postgres://app@host/db?sslpassword=k3y'), 'postgres://app@host/db?sslpassword=***');
});

test('masks conninfo passwords, quoted or not', (t) => {
  t.is(
    redactUrl('host=db user=app password=s3cret dbname=jobs'),
    'host=db user=app password=*** dbname=jobs',
  );
  t.is(redactUrl("host=db password = 'it\\'s secret' dbname=jobs"), 'host=db password = *** dbname=jobs');
});

test('redactSecrets masks URLs and bare passwords in free text', (t) => {
  const url = 'postgres://app:hunter2%21@db:5432/jobs';
  const message = `could not connect to ${url}: password "hunter2!" rejected; raw hunter2%21 too`;
  const redacted = redactSecrets(message, [url]);
  t.is(
    redacted,
    'could not connect to postgres://app:***@db:5432/jobs: password "***" rejected; raw *** too',
  );
});

test('redactSecrets masks conninfo passwords from the list', (t) => {
  t.is(
    redactSecrets('auth failed for "it\'s secret"', ["password='it\\'s secret'"]),
    'auth failed for "***"',
  );
});

test('redactSecrets leaves text alone when there is nothing to hide', (t) => {
  t.is(
    redactSecrets('connect ECONNREFUSED 127.0.0.1:5432', ['postgres://postgres@127.0.0.1:5432/postgres']),
    'connect ECONNREFUSED 127.0.0.1:5432',
  );
});
