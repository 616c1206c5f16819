-- The assessor a correction names, added when new (gap-free id, as the import gives them; the caller
-- holds the operators lock). $1 name_key, $2 name, $3 isa_number, $4 phone, $5 correspondence_email.
INSERT INTO operators (id, name_key, name, isa_number, phone, correspondence_email)
SELECT (SELECT coalesce(max(id), 0) + 1 FROM operators), $1, $2, $3, $4, $5
WHERE NOT EXISTS (SELECT 1 FROM operators WHERE name_key = $1);
