-- The order e-mails (order_confirmed, order_cancelled, order_shipped) join the templates a
-- notification may be recorded with.

ALTER TABLE notifications DROP CONSTRAINT notifications_template_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_template_check CHECK (
    template IN ('welcome', 'account_locked', 'password_changed',
                 'order_confirmed', 'order_cancelled', 'order_shipped')
);
