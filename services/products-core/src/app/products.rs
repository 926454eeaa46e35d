//! Product use cases.

use agora_values::{FieldError, Precondition};
use uuid::Uuid;

use super::ports::{ProductPage, StoreError};
use super::{Catalogue, CatalogueError};
use crate::domain::product::parse_name;
use crate::domain::{Currency, NewProduct, Price, Product, ProductChanges, ProductQuery, Sku};

/// How often a conditional update decides again when the version moved on between its
/// decision and its write, before it answers that the precondition failed.
const DECISIONS: usize = 3;

/// A product to create, as the API received it.
pub struct ProductInput<'a> {
    pub sku: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub price: u64,
    pub currency: &'a str,
    pub category_id: Option<Uuid>,
    pub stock: Option<u64>,
}

/// A product's changes, as the API received them.
#[derive(Default)]
pub struct ChangesInput<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub price: Option<u64>,
    pub currency: Option<&'a str>,
    pub category_id: Option<Option<Uuid>>,
}

impl Catalogue {
    pub async fn create_product(&self, input: ProductInput<'_>) -> Result<Product, CatalogueError> {
        let mut errors = Vec::new();
        let sku = FieldError::check(&mut errors, "sku", Sku::parse(input.sku));
        let name = FieldError::check(&mut errors, "name", parse_name(input.name));
        let price = FieldError::check(&mut errors, "price", Price::new(input.price));
        let currency = FieldError::check(&mut errors, "currency", Currency::parse(input.currency));
        let stock = FieldError::check(
            &mut errors,
            "stock",
            i64::try_from(input.stock.unwrap_or(0))
                .ok()
                .filter(|s| *s <= crate::domain::MAX_STOCK)
                .ok_or("is more than the catalogue holds"),
        );
        let (Some(sku), Some(name), Some(price), Some(currency), Some(stock)) =
            (sku, name, price, currency, stock)
        else {
            return Err(CatalogueError::Validation(errors));
        };
        let new = NewProduct {
            sku,
            name,
            description: input.description.to_owned(),
            price,
            currency,
            category_id: input.category_id,
            stock,
        };
        let product = self.store.create_product(&new).await?;
        self.cache.product_changed(&product).await;
        self.cache.pages_changed().await;
        Ok(product)
    }

    pub async fn product(&self, id: Uuid) -> Result<Product, CatalogueError> {
        if let Some(product) = self.cache.product(id).await {
            return Ok(product);
        }
        let product = self
            .store
            .product(id)
            .await?
            .ok_or(CatalogueError::NotFound)?;
        self.cache.remember_product(&product).await;
        Ok(product)
    }

    pub async fn list_products(&self, query: &ProductQuery) -> Result<ProductPage, CatalogueError> {
        let key = query.cache_key();
        let (cached, generation) = self.cache.page(&key).await;
        if let Some(page) = cached {
            return Ok(page);
        }
        let page = self.store.list_products(query).await?;
        if let Some(generation) = generation {
            self.cache.remember_page(generation, &key, &page).await;
        }
        Ok(page)
    }

    pub async fn update_product(
        &self,
        id: Uuid,
        input: ChangesInput<'_>,
        precondition: &Precondition,
    ) -> Result<Product, CatalogueError> {
        let mut errors = Vec::new();
        let changes = ProductChanges {
            name: input
                .name
                .and_then(|n| FieldError::check(&mut errors, "name", parse_name(n))),
            description: input.description.map(str::to_owned),
            price: input
                .price
                .and_then(|p| FieldError::check(&mut errors, "price", Price::new(p))),
            currency: input
                .currency
                .and_then(|c| FieldError::check(&mut errors, "currency", Currency::parse(c))),
            category_id: input.category_id,
        };
        if !errors.is_empty() {
            return Err(CatalogueError::Validation(errors));
        }
        let product = self.write_if(id, &changes, precondition).await?;
        self.cache.product_changed(&product).await;
        self.cache.pages_changed().await;
        Ok(product)
    }

    /// Applies `changes` to the version `precondition` admits. Without a precondition that
    /// names versions (none, or `If-Match: *`) the store applies them to whatever version it
    /// holds under its lock (a missing product is 404 either way); with one, the use case
    /// reads the current version, decides, and the store applies the changes only if that
    /// version is still current. A version that moved on in between is decided again, a
    /// bounded number of times.
    async fn write_if(
        &self,
        id: Uuid,
        changes: &ProductChanges,
        precondition: &Precondition,
    ) -> Result<Product, CatalogueError> {
        if !precondition.names_versions() {
            return Ok(self.store.update_product(id, changes, None).await?);
        }
        for _ in 0..DECISIONS {
            let current = self
                .store
                .product(id)
                .await?
                .ok_or(CatalogueError::NotFound)?;
            if !precondition.admits(current.version) {
                return Err(CatalogueError::PreconditionFailed);
            }
            match self
                .store
                .update_product(id, changes, Some(current.version))
                .await
            {
                Err(StoreError::VersionChanged) => continue,
                written => return Ok(written?),
            }
        }
        Err(CatalogueError::PreconditionFailed)
    }

    pub async fn delete_product(&self, id: Uuid) -> Result<(), CatalogueError> {
        let deleted = self.store.delete_product(id).await?;
        self.cache.forget_product(id, deleted.version).await;
        self.cache.pages_changed().await;
        Ok(())
    }

    pub async fn adjust_stock(
        &self,
        id: Uuid,
        delta: i64,
        reason: &str,
    ) -> Result<Product, CatalogueError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CatalogueError::Validation(vec![FieldError::new(
                "reason",
                "must not be blank",
            )]));
        }
        let product = self.store.adjust_stock(id, delta, reason).await?;
        self.cache.product_changed(&product).await;
        self.cache.pages_changed().await;
        Ok(product)
    }
}
