//! Small builders shared by the migrations, so each migration reads as its tables.
//!
//! They only shorten sea-query calls; changing one would change the SQL of every
//! migration that uses it, so they must stay exactly as they are once released.

use sea_orm_migration::prelude::*;

/// A foreign key from `from.0.from.1` to `to.id`.
pub(crate) fn fk(
    name: &str,
    from: (&'static str, &'static str),
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(Alias::new(from.0), Alias::new(from.1))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// An index on `cols` of `table`.
pub(crate) fn index(
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Alias::new(table));
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
