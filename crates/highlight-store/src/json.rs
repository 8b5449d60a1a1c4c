//! Domain documents stored as JSON text (report content, cycles, tolerances).
//!
//! A value the app wrote and cannot read back is a bug or a damaged row, never the
//! user's fault: it surfaces as an internal error naming the column.

use crate::{StoreError, StoreResult};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub fn to_json<T: Serialize>(value: &T, column: &str) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "cannot write {column} as JSON: {e}"
        )))
    })
}

pub fn from_json<T: DeserializeOwned>(text: &str, column: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "cannot read {column} from JSON: {e}"
        )))
    })
}
