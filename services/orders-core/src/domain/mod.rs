//! Carts, orders and the order's state machine. No I/O.

mod address;
mod order;

pub use address::{Address, AddressInput};
pub use order::{
    CancellationReason, ChargeOutcome, Event, Line, Order, Refund, Stage, Status, Transition,
    TransitionError, Transitioned, total,
};
