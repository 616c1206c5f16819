-- Give back the import lock named $1 once: shared when $2, else exclusive.
SELECT CASE WHEN $2::boolean THEN pg_advisory_unlock_shared(hashtext($1))
            ELSE pg_advisory_unlock(hashtext($1)) END AS released;
