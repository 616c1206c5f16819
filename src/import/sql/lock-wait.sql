-- Take the import lock named $1, waiting for it: shared when $2 (a shard), else exclusive.
SELECT CASE WHEN $2::boolean THEN pg_advisory_lock_shared(hashtext($1))::text
            ELSE pg_advisory_lock(hashtext($1))::text END AS locked;
