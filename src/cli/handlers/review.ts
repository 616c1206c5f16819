/** `jobmig review`: runs the review web app (src/review/run.ts) until SIGINT or SIGTERM. */
import { runReview } from '../../review/run.ts';

/** The parsed arguments (see the descriptor, ../review.ts, for their options). */
export interface ReviewArgs {
  port?: number;
  'jobs-root'?: string;
  reviewer?: string;
  'database-url'?: string;
}

export async function run(args: ReviewArgs): Promise<void> {
  await runReview({
    databaseUrl: args['database-url'],
    port: args.port,
    jobsRoot: args['jobs-root'],
    reviewer: args.reviewer?.trim(),
  });
}
