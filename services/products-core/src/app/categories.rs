//! Category use cases.

use agora_values::FieldError;
use agora_values::Paging;
use uuid::Uuid;

use super::{Catalogue, CatalogueError};
use crate::domain::{Category, NewCategory};

impl Catalogue {
    pub async fn create_category(
        &self,
        name: &str,
        parent_id: Option<Uuid>,
    ) -> Result<Category, CatalogueError> {
        let name = name.trim();
        let n = name.chars().count();
        if n == 0 || n > 100 || name.chars().any(char::is_control) {
            return Err(CatalogueError::Validation(vec![FieldError::new(
                "name",
                "must be 1 to 100 characters, without control characters",
            )]));
        }
        Ok(self
            .store
            .create_category(&NewCategory {
                name: name.to_owned(),
                parent_id,
            })
            .await?)
    }

    pub async fn list_categories(
        &self,
        paging: Paging,
    ) -> Result<(Vec<Category>, i64), CatalogueError> {
        Ok(self.store.list_categories(paging).await?)
    }
}
