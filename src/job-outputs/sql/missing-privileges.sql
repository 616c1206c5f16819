-- The privileges a write command needs that the current role lacks: checked first in the command's
-- transaction, so a read-only role is refused before anything is written.
-- $1 table names, $2 the privilege needed on each (parallel arrays, e.g. {artifacts}, {UPDATE}).
SELECT current_user AS role_name, n.table_name, n.privilege
FROM unnest($1::text[], $2::text[]) AS n (table_name, privilege)
WHERE NOT has_table_privilege(n.table_name, n.privilege)
ORDER BY n.table_name, n.privilege;
