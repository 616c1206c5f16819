/**
 * The one way a test runs a fast-check property by hand (where @fast-check/ava's testProp does not fit:
 * a database per file, a fixed seed, a custom arbitrary per case): a failure names the seed, the path that
 * replays it and the error, with the counterexample shortened (a generated long line would flood the log).
 */
import type { ExecutionContext } from 'ava';
import fc from 'fast-check';

/** Passes when `property` holds for every generated value; a sync or an async property. */
export async function holds<T>(
  t: ExecutionContext,
  property: fc.IRawProperty<T>,
  params: fc.Parameters<T> = {},
): Promise<void> {
  const details = await fc.check(property, params);
  if (!details.failed) {
    t.pass();
    return;
  }
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : 'returned false';
  const example = (JSON.stringify(details.counterexample) ?? 'undefined').slice(0, 2_000);
  t.fail(
    `property failed: seed ${details.seed}, path "${details.counterexamplePath}": ${error}\n` +
      `counterexample (first 2,000 characters): ${example}`,
  );
}
