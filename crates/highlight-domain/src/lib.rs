//! Highlight's domain (filled in by the next commit).
