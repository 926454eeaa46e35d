-- The shop's permissions (orders and payments), held by admins. Service clients (OAuth 2.0
-- client credentials, AUTH_CLIENTS) may be configured with them too: a client's
-- permissions must exist here.
INSERT INTO permissions (name, description) VALUES
    ('orders:read', 'Read any order'),
    ('orders:write', 'Change any order (cancel, ship)'),
    ('payments:read', 'Read any payment'),
    ('payments:write', 'Charge and refund payments')
ON CONFLICT (name) DO NOTHING;

INSERT INTO role_permissions (role, permission)
SELECT 'admin', name FROM permissions
WHERE name IN ('orders:read', 'orders:write', 'payments:read', 'payments:write')
ON CONFLICT DO NOTHING;
