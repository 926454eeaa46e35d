//! Product use cases.

use agora_kit::FieldError;
use uuid::Uuid;

use super::ports::ProductPage;
use super::{Catalogue, CatalogueError};
use crate::domain::product::parse_name;
use crate::domain::{Currency, NewProduct, Price, Product, ProductChanges, ProductQuery, Sku};

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

/// `cache_lookups_total{cache, result}`: how often reads are served from the cache.
fn cache_lookup(cache: &'static str, hit: bool) {
    metrics::counter!("cache_lookups_total", "cache" => cache, "result" => if hit { "hit" } else { "miss" }).increment(1);
}

fn field<T, E: ToString>(errors: &mut Vec<FieldError>, name: &str, r: Result<T, E>) -> Option<T> {
    r.map_err(|e| errors.push(FieldError::new(name, e.to_string())))
        .ok()
}

impl Catalogue {
    pub async fn create_product(&self, input: ProductInput<'_>) -> Result<Product, CatalogueError> {
        let mut errors = Vec::new();
        let sku = field(&mut errors, "sku", Sku::parse(input.sku));
        let name = field(&mut errors, "name", parse_name(input.name));
        let price = field(&mut errors, "price", Price::new(input.price));
        let currency = field(&mut errors, "currency", Currency::parse(input.currency));
        let stock = field(
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
            cache_lookup("product", true);
            return Ok(product);
        }
        cache_lookup("product", false);
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
            cache_lookup("list", true);
            return Ok(page);
        }
        cache_lookup("list", false);
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
        if_match: Option<&str>,
    ) -> Result<Product, CatalogueError> {
        let mut errors = Vec::new();
        let changes = ProductChanges {
            name: input
                .name
                .and_then(|n| field(&mut errors, "name", parse_name(n))),
            description: input.description.map(str::to_owned),
            price: input
                .price
                .and_then(|p| field(&mut errors, "price", Price::new(p))),
            currency: input
                .currency
                .and_then(|c| field(&mut errors, "currency", Currency::parse(c))),
            category_id: input.category_id,
        };
        if !errors.is_empty() {
            return Err(CatalogueError::Validation(errors));
        }
        let product = self.store.update_product(id, &changes, if_match).await?;
        self.cache.product_changed(&product).await;
        self.cache.pages_changed().await;
        Ok(product)
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
