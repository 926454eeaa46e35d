//! The caller's cart, always at the catalogue's current prices.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Orders, OrdersError};
use crate::app::ports::{CartLine, ProductInfo};

/// The most products one cart holds.
pub const MAX_LINES: usize = 50;
/// The most of one product a line holds.
pub const MAX_QUANTITY: i32 = 99;

/// A cart line priced now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartItem {
    pub product_id: Uuid,
    pub sku: String,
    pub name: String,
    pub quantity: i32,
    pub unit_price: i64,
    pub currency: String,
    pub line_total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartView {
    pub items: Vec<CartItem>,
    /// `None` when the lines are in more than one currency.
    pub total: Option<i64>,
    /// `None` for an empty cart, or one of mixed currencies.
    pub currency: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl CartView {
    fn of(items: Vec<CartItem>, updated_at: Option<DateTime<Utc>>) -> Self {
        let currency = items.first().map(|i| i.currency.clone());
        let single = items.iter().all(|i| Some(&i.currency) == currency.as_ref());
        let total = items
            .iter()
            .try_fold(0_i64, |sum, i| sum.checked_add(i.line_total));
        Self {
            total: if single { total } else { None },
            currency: if single { currency } else { None },
            items,
            updated_at,
        }
    }
}

impl Orders {
    /// The cart at the catalogue's prices now; products no longer sold leave it.
    pub async fn cart(&self, user_id: Uuid) -> Result<CartView, OrdersError> {
        let contents = self.store.cart(user_id).await?;
        let (products, _) = self.priced(user_id, &contents.lines).await?;
        let items = contents
            .lines
            .iter()
            .filter_map(|l| {
                let p = products.get(&l.product_id)?;
                Some(CartItem {
                    product_id: p.id,
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    quantity: l.quantity,
                    unit_price: p.price,
                    currency: p.currency.clone(),
                    // Within i64: prices are at most i64::MAX / 100 in practice, and a
                    // line past it is shown at the bound rather than wrapped.
                    line_total: p.price.saturating_mul(i64::from(l.quantity)),
                })
            })
            .collect();
        Ok(CartView::of(items, contents.updated_at))
    }

    /// The catalogue's products of `lines` as they are sold now, and how many lines named
    /// a product no longer sold (those leave the cart).
    pub(super) async fn priced(
        &self,
        user_id: Uuid,
        lines: &[CartLine],
    ) -> Result<(HashMap<Uuid, ProductInfo>, usize), OrdersError> {
        if lines.is_empty() {
            return Ok((HashMap::new(), 0));
        }
        let ids: Vec<Uuid> = lines.iter().map(|l| l.product_id).collect();
        let products = self.catalogue.products(&ids).await?;
        let gone: Vec<Uuid> = ids
            .into_iter()
            .filter(|id| !products.contains_key(id))
            .collect();
        if !gone.is_empty() {
            self.store.drop_cart_lines(user_id, &gone).await?;
        }
        Ok((products, gone.len()))
    }

    /// Puts `quantity` of the product in the cart (replacing the line's quantity).
    pub async fn set_cart_item(
        &self,
        user_id: Uuid,
        product_id: Uuid,
        quantity: i32,
    ) -> Result<CartView, OrdersError> {
        if !(1..=MAX_QUANTITY).contains(&quantity) {
            return Err(OrdersError::Validation(vec![
                agora_values::FieldError::new(
                    "quantity",
                    format!("must be between 1 and {MAX_QUANTITY}"),
                ),
            ]));
        }
        if !self
            .catalogue
            .products(&[product_id])
            .await?
            .contains_key(&product_id)
        {
            return Err(OrdersError::ProductNotFound);
        }
        self.store
            .set_cart_line(
                user_id,
                CartLine {
                    product_id,
                    quantity,
                },
                MAX_LINES,
            )
            .await?;
        self.cart(user_id).await
    }

    pub async fn remove_cart_item(
        &self,
        user_id: Uuid,
        product_id: Uuid,
    ) -> Result<CartView, OrdersError> {
        if !self.store.remove_cart_line(user_id, product_id).await? {
            return Err(OrdersError::NotInCart);
        }
        self.cart(user_id).await
    }

    pub async fn clear_cart(&self, user_id: Uuid) -> Result<(), OrdersError> {
        Ok(self.store.clear_cart(user_id).await?)
    }
}
