-- Charging an order is the orders service's alone: `payments:charge` is held by no role,
-- admins included, and is given only to a service client (AUTH_CLIENTS), so no person's
-- token can create a charge for an order of their choosing.
INSERT INTO permissions (name, description) VALUES
    ('payments:charge', 'Charge an order (the orders service''s client; no role holds it)')
ON CONFLICT (name) DO NOTHING;
