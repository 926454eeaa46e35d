//! The generated `products-server` traits, implemented: translate, call a use case,
//! translate back. Failures become problem bodies in one place, [`problem`].

use std::sync::Arc;

use agora_kit::problem::Problem;
use agora_kit::token::{Claims, TokenVerifier};
use async_trait::async_trait;
use axum_extra::extract::CookieJar;
use headers::Host;
use http::{Method, StatusCode};
use products_server::apis::{categories, products};
use products_server::models;
use products_server::types::Nullable;

use crate::app::products::{ChangesInput, ProductInput};
use crate::app::{Catalogue, CatalogueError};
use agora_values::precondition::{entity_tag, none_match_hits};
use agora_values::{Paging, Precondition};

use crate::domain::{Category, Product, ProductQuery, Sort};

#[derive(Clone)]
pub struct ProductsApi {
    catalogue: Catalogue,
    verifier: Arc<TokenVerifier>,
}

impl ProductsApi {
    pub fn new(catalogue: Catalogue, verifier: Arc<TokenVerifier>) -> Self {
        Self {
            catalogue,
            verifier,
        }
    }
}

impl AsRef<ProductsApi> for ProductsApi {
    fn as_ref(&self) -> &ProductsApi {
        self
    }
}

/// The answer a failure of the use cases gets: the one place one becomes an HTTP problem.
fn problem(error: CatalogueError) -> Problem {
    match error {
        CatalogueError::Validation(errors) => Problem::validation(errors),
        CatalogueError::NotFound => Problem::not_found("no such product"),
        CatalogueError::DuplicateSku => Problem::conflict("a product with this SKU already exists"),
        CatalogueError::DuplicateCategory => {
            Problem::conflict("a category with this name already exists")
        }
        CatalogueError::InsufficientStock => Problem::conflict("the stock would go below zero"),
        CatalogueError::StockLimit => Problem::conflict(format!(
            "the stock would exceed {} units",
            crate::domain::product::MAX_STOCK
        )),
        CatalogueError::PreconditionFailed => Problem::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "Precondition failed",
        )
        .detail("the product has changed since the version If-Match names; fetch it again"),
        e @ CatalogueError::Store(_) => Problem::from_internal(&e),
    }
}

agora_kit::generated_glue!(ProductsApi, CatalogueError, products_server, problem);

fn product(p: Product) -> models::Product {
    models::Product {
        category_id: p.category_id.map_or(Nullable::Null, Nullable::Present),
        created_at: p.created_at,
        currency: p.currency,
        description: p.description,
        id: p.id,
        name: p.name,
        price: p.price,
        sku: p.sku,
        stock: p.stock,
        updated_at: p.updated_at,
        version: p.version,
    }
}

fn category(c: Category) -> models::Category {
    models::Category::new(
        c.created_at,
        c.id,
        c.name,
        c.parent_id.map_or(Nullable::Null, Nullable::Present),
    )
}

#[async_trait]
impl products::Products<CatalogueError> for ProductsApi {
    type Claims = Claims;

    async fn adjust_stock(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::AdjustStockPathParams,
        body: &models::StockAdjustment,
    ) -> Result<products::AdjustStockResponse, CatalogueError> {
        let p = self
            .catalogue
            .adjust_stock(path.id, body.delta, &body.reason)
            .await?;
        Ok(products::AdjustStockResponse::Status200_Ok(
            models::StockLevel::new(p.id, p.stock, p.version),
        ))
    }

    async fn create_product(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        body: &models::NewProduct,
    ) -> Result<products::CreateProductResponse, CatalogueError> {
        let input = ProductInput {
            sku: &body.sku,
            name: &body.name,
            description: &body.description,
            price: body.price,
            currency: &body.currency,
            category_id: body.category_id,
            stock: body.stock,
        };
        let p = self.catalogue.create_product(input).await?;
        Ok(products::CreateProductResponse::Status201_Created {
            e_tag: Some(entity_tag(p.version)),
            location: Some(format!("/api/v1/products/{}", p.id)),
            body: product(p),
        })
    }

    async fn delete_product(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        path: &models::DeleteProductPathParams,
    ) -> Result<products::DeleteProductResponse, CatalogueError> {
        self.catalogue.delete_product(path.id).await?;
        Ok(products::DeleteProductResponse::Status204_NoContent)
    }

    async fn get_product(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        headers: &models::GetProductHeaderParams,
        path: &models::GetProductPathParams,
    ) -> Result<products::GetProductResponse, CatalogueError> {
        let p = self.catalogue.product(path.id).await?;
        let tag = entity_tag(p.version);
        if headers
            .if_none_match
            .as_deref()
            .is_some_and(|h| none_match_hits(h, p.version))
        {
            return Ok(products::GetProductResponse::Status304_NotModified { e_tag: Some(tag) });
        }
        Ok(products::GetProductResponse::Status200_Ok {
            body: product(p),
            e_tag: Some(tag),
        })
    }

    async fn list_products(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        q: &models::ListProductsQueryParams,
    ) -> Result<products::ListProductsResponse, CatalogueError> {
        let sort = q.sort.as_ref().map(|s| match s {
            models::ProductSort::PriceAsc => Sort::PriceAsc,
            models::ProductSort::PriceDesc => Sort::PriceDesc,
            models::ProductSort::Newest => Sort::Newest,
            models::ProductSort::Name => Sort::Name,
        });
        let query = ProductQuery::new(
            q.q.as_deref(),
            q.category_id,
            q.min_price,
            q.max_price,
            sort,
            Paging::new(q.page, q.per_page),
        )
        .map_err(|(field, e)| {
            CatalogueError::Validation(vec![agora_kit::FieldError::new(field, e.to_string())])
        })?;
        let page = self.catalogue.list_products(&query).await?;
        let items = page.items.into_iter().map(product).collect();
        Ok(products::ListProductsResponse::Status200_Ok({
            let (number, per_page) = query.paging.as_i32();
            models::ProductList::new(items, number, per_page, page.total)
        }))
    }

    async fn update_product(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        headers: &models::UpdateProductHeaderParams,
        path: &models::UpdateProductPathParams,
        body: &models::ProductUpdate,
    ) -> Result<products::UpdateProductResponse, CatalogueError> {
        let input = ChangesInput {
            name: body.name.as_deref(),
            description: body.description.as_deref(),
            price: body.price,
            currency: body.currency.as_deref(),
            category_id: body.category_id.as_ref().map(|c| match c {
                Nullable::Null => None,
                Nullable::Present(id) => Some(*id),
            }),
        };
        let p = self
            .catalogue
            .update_product(
                path.id,
                input,
                &Precondition::if_match(headers.if_match.as_deref()),
            )
            .await?;
        Ok(products::UpdateProductResponse::Status200_Ok {
            e_tag: Some(entity_tag(p.version)),
            body: product(p),
        })
    }
}

#[async_trait]
impl categories::Categories<CatalogueError> for ProductsApi {
    type Claims = Claims;

    async fn create_category(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        _: &Claims,
        body: &models::NewCategory,
    ) -> Result<categories::CreateCategoryResponse, CatalogueError> {
        let c = self
            .catalogue
            .create_category(&body.name, body.parent_id)
            .await?;
        Ok(categories::CreateCategoryResponse::Status201_Created(
            category(c),
        ))
    }

    async fn list_categories(
        &self,
        _: &Method,
        _: &Host,
        _: &CookieJar,
        q: &models::ListCategoriesQueryParams,
    ) -> Result<categories::ListCategoriesResponse, CatalogueError> {
        let paging = Paging::new(q.page, q.per_page);
        let (items, total) = self.catalogue.list_categories(paging).await?;
        let (page, per_page) = paging.as_i32();
        let items = items.into_iter().map(category).collect();
        Ok(categories::ListCategoriesResponse::Status200_Ok(
            models::CategoryList::new(items, page, per_page, total),
        ))
    }
}
