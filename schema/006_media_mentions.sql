-- Every round whose manifest or review names a recording or an image (src/import/mentions.ts), plus
-- its placement round. Retention (the pruning-candidates preset, jobmig prune) needs all of them;
-- reading them out of job_rounds.manifest and .review meant decompressing every round's JSON on
-- every call (10 s on a 20,000-job store). Rows imported before this column read NULL until the
-- next import re-plans their job, which it does for every job: the planner version changed with it.
ALTER TABLE round_recordings ADD COLUMN mentioned_in text[];
ALTER TABLE round_images ADD COLUMN mentioned_in text[];
