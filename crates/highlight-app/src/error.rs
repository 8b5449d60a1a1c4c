//! What a use case can answer besides its result, in terms a person can act on.
//!
//! | error            | meaning                                              |
//! |------------------|------------------------------------------------------|
//! | `Unauthenticated`| nobody is signed in and the use case needs someone   |
//! | `Forbidden`      | the actor may not do this; says who can              |
//! | `NotFound`       | what was asked for does not exist                    |
//! | `Invalid`        | every field error, each saying what to fix           |
//! | `Conflict`       | someone else changed it first, or its state forbids  |
//! | `TooManyRequests`| too many attempts; says when to try again            |
//! | `Unavailable`    | the database could not be reached in time            |
//! | `Internal`       | a bug or a damaged row, with the context of each step|
//!
//! The web crate maps each variant to one HTTP status with an exhaustive match, so a
//! new variant forces a decision there. Store errors convert with `?`.

use highlight_domain::{ReportLifecycleError, ValidationErrors};
use highlight_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("sign in required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("the service is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what),
            StoreError::Conflict(what) => Self::Conflict(what),
            StoreError::Busy(cause) => Self::Unavailable(cause),
            e @ (StoreError::Damaged { .. } | StoreError::Database(_)) => {
                Self::Internal(anyhow::Error::new(e))
            }
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        Self::Invalid(e)
    }
}

impl From<ReportLifecycleError> for AppError {
    /// One lifecycle error, one answer, on every path (pages and API alike).
    fn from(e: ReportLifecycleError) -> Self {
        if e.is_conflict() {
            Self::Conflict(e.to_string())
        } else {
            let mut errors = ValidationErrors::new();
            match e.to_field_error() {
                Some(f) => errors.add(f.field, f.message),
                None => errors.add("report", e.to_string()),
            }
            Self::Invalid(errors)
        }
    }
}
