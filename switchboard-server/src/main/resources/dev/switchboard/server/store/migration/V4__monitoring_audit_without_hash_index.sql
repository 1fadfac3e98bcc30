-- The audit's hash needs no index of its own: the chain is held by seq (the primary key, which a second writer collides
-- on) and by each row's previous_hash, which verify() checks against the row before. The unique index on a SHA-256
-- put every insert at a random place of a growing B-tree, so that each write-behind store rewrote pages all over it:
-- with thousands of entries a second, H2 spent a core for a tenth of a second and fsynced megabytes each time, beside
-- the journal's fdatasyncs that monitoring requests wait for. Runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE monitoring_audit DROP CONSTRAINT uq_monitoring_audit_hash;
