/// One field of a request that failed validation: the field's name as the client spelled
/// it (a JSON pointer-ish path such as `addresses.0.city`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl FieldError {
    /// `result`'s value, or `None` with its error recorded against `field` in `errors`:
    /// checking every field before answering lets one response name all that is wrong.
    pub fn check<T, E: ToString>(
        errors: &mut Vec<FieldError>,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        result
            .map_err(|e| errors.push(FieldError::new(field, e.to_string())))
            .ok()
    }
}
