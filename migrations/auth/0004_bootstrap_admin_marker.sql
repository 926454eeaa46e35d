-- The account that AUTH_BOOTSTRAP_ADMIN_EMAIL created. Later starts find it by this mark
-- and leave it as it is, even once demoted; an account someone else registered with that
-- address never carries it, so it is never made an admin at start-up.
ALTER TABLE users ADD COLUMN bootstrap_admin boolean NOT NULL DEFAULT false;
