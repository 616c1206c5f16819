-- Customers' and billing profiles' contact details from their most recent job (schema/015): run at
-- the end of a run over every job, so shards and reruns end with the same values. A customer or
-- profile no job writes contact details for any more gets nulls. Only rows whose values change are
-- written. Returns no summary row: these are derived attributes, not rows the run read.
WITH latest AS (
  SELECT DISTINCT ON (customer_id) customer_id, job_id, job_phone, job_address, contact_preference
  FROM jobs
  WHERE customer_id IS NOT NULL AND num_nonnulls(job_phone, job_address, contact_preference) > 0
  ORDER BY customer_id, jobmig_job_number_order(job_number) DESC NULLS LAST, job_id COLLATE "C" DESC
)
UPDATE customers c
SET phone = l.job_phone, address = l.job_address, contact_preference = l.contact_preference,
    contact_job_id = l.job_id
FROM customers x LEFT JOIN latest l ON l.customer_id = x.id
WHERE c.id = x.id
  AND (c.phone, c.address, c.contact_preference, c.contact_job_id)
      IS DISTINCT FROM (l.job_phone, l.job_address, l.contact_preference, l.job_id);

WITH latest AS (
  SELECT DISTINCT ON (billing_profile_id) billing_profile_id, job_id, contact_preference
  FROM jobs
  WHERE billing_profile_id IS NOT NULL AND contact_preference IS NOT NULL
  ORDER BY billing_profile_id, jobmig_job_number_order(job_number) DESC NULLS LAST, job_id COLLATE "C" DESC
)
UPDATE billing_profiles b
SET contact_preference = l.contact_preference, contact_job_id = l.job_id
FROM billing_profiles x LEFT JOIN latest l ON l.billing_profile_id = x.id
WHERE b.id = x.id
  AND (b.contact_preference, b.contact_job_id) IS DISTINCT FROM (l.contact_preference, l.job_id);
