/** `jobmig review`: runs the review web app (src/review/run.ts) until SIGINT or SIGTERM. */
import { runReview } from '../../review/run.ts';
import type { ReviewArgs } from '../review.ts';

export async function run(args: ReviewArgs): Promise<void> {
  await runReview({
    databaseUrl: args['database-url'],
    port: args.port,
    jobsRoot: args['jobs-root'],
    reviewer: args.reviewer?.trim(),
  });
}
