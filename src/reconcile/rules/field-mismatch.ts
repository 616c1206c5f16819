/**
 * Record fields against what each snapshot reported. Compared as identities (case, spacing and
 * "3"/"three" do not differ), because only a different customer, tree or species changes the report.
 */
import { identityKey, treeComparable } from '../../model/identity.ts';
import type { JobRule } from '../finding.ts';
import { finding, snapshotsOf } from './common.ts';

const FIELDS = [
  { field: 'customer_name', form: 'client', key: identityKey },
  { field: 'tree_number', form: 'tree_number', key: treeComparable },
  { field: 'tree_species', form: 'tree_species', key: identityKey },
] as const;

export const fieldMismatch: JobRule = (job) => {
  const recordFile = job.record;
  const record = recordFile?.parsed.value as Record<string, unknown> | null | undefined;
  if (!recordFile || !record) return [];
  return snapshotsOf(job).flatMap(({ kind, file, value }) => {
    const details = value.form?.data?.client_tree_details as Record<string, unknown> | null | undefined;
    if (!details) return [];
    return FIELDS.flatMap(({ field, form, key }) => {
      const ours = record[field];
      const theirs = details[form];
      const a = key(ours);
      const b = key(theirs);
      if (a === null || b === null || a === b) return [];
      return [
        finding(job, {
          kind: 'field_mismatch',
          values: { field, job_record: ours, [kind]: theirs },
          paths: [recordFile.rel, file.rel],
          summary:
            `${field}: job_record ${JSON.stringify(ours)}` +
            ` but the ${kind} reported ${JSON.stringify(theirs)}`,
        }),
      ];
    });
  });
};
