-- Take the import lock named $1 without waiting: shared when $2 (a shard), else exclusive.
SELECT CASE WHEN $2::boolean THEN pg_try_advisory_lock_shared(hashtext($1))
            ELSE pg_try_advisory_lock(hashtext($1)) END AS locked;
