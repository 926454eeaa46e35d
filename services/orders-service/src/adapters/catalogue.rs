//! The catalogue port over products' generated client: each product read at once, through
//! products' cache.

use std::collections::HashMap;

use uuid::Uuid;

use crate::app::ports::{Catalogue, CatalogueUnavailable, ProductInfo};

pub struct ProductsCatalogue {
    client: products_client::Client,
}

impl ProductsCatalogue {
    /// `http` bounds each call (its timeout).
    pub fn new(products_url: &str, http: reqwest::Client) -> Self {
        Self {
            client: products_client::Client::new_with_client(
                products_url,
                http,
                Default::default(),
            ),
        }
    }

    async fn product(&self, id: Uuid) -> Result<Option<ProductInfo>, CatalogueUnavailable> {
        match self.client.get_product().id(id).send().await {
            Ok(p) => {
                let p = p.into_inner();
                Ok(Some(ProductInfo {
                    id: p.id,
                    sku: p.sku,
                    name: p.name,
                    price: p.price,
                    currency: p.currency,
                }))
            }
            Err(products_client::Error::ErrorResponse(r)) if r.status() == 404 => Ok(None),
            Err(e) => Err(CatalogueUnavailable(e.to_string().into())),
        }
    }
}

#[async_trait::async_trait]
impl Catalogue for ProductsCatalogue {
    async fn products(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, ProductInfo>, CatalogueUnavailable> {
        let found = futures_util::future::join_all(ids.iter().map(|id| self.product(*id))).await;
        let mut products = HashMap::new();
        for p in found {
            if let Some(p) = p? {
                products.insert(p.id, p);
            }
        }
        Ok(products)
    }
}
