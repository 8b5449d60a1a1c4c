//! demo tests: pending
