//! `highlight user add` and `highlight token create`: the first accounts and API tokens.

use std::io::{IsTerminal, Read};

use anyhow::Context;
use chrono::Utc;

use super::{AccountRole, TokenCreateArgs, UserAddArgs, connect_and_migrate};
use crate::auth::password;
use crate::config::Settings;
use highlight_store::{accounts, people, users};

pub async fn add_user(settings: Settings, args: UserAddArgs) -> anyhow::Result<()> {
    let email = args.email.trim().to_lowercase();
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        anyhow::bail!(
            "--email: \"{}\" is not an e-mail address; enter one like name@example.org",
            args.email
        );
    }
    let name = highlight_domain::text::normalise(&args.name);
    if name.is_empty() {
        anyhow::bail!("--name: enter the person's name");
    }
    let secret_text = read_password(&email)?;
    password::check_new(&secret_text, &email).map_err(|m| anyhow::anyhow!("password: {m}"))?;
    let db = connect_and_migrate(&settings).await?;
    if people::by_email(&db, &email).await?.is_some() {
        anyhow::bail!("--email: there is already an account for {email}");
    }
    let hash = password::hash_blocking(secret_text).await?;
    let user = users::create(
        &db,
        &users::NewUser {
            email: email.clone(),
            name,
            is_admin: args.role == AccountRole::Admin,
            password_hash: Some(hash),
        },
        Utc::now(),
    )
    .await?;
    let role = if user.is_admin {
        "administrator"
    } else {
        "user"
    };
    println!(
        "Added {} <{}> as {role}. They can sign in now.",
        user.name, user.email
    );
    Ok(())
}

/// The new password: prompted without echo on a terminal, else the first line of stdin.
fn read_password(email: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {email}: "))?;
        let again = rpassword::prompt_password("Password again: ")?;
        if first != again {
            anyhow::bail!("the two passwords differ; run the command again");
        }
        Ok(first)
    } else {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input)?;
        Ok(input.lines().next().unwrap_or_default().to_owned())
    }
}

pub async fn create_token(settings: Settings, args: TokenCreateArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let Some(user) = people::by_email(&db, &args.email).await? else {
        anyhow::bail!(
            "--email: there is no account for {}; add it with `highlight user add`",
            args.email.trim()
        );
    };
    let token = accounts::issue_api_token(&db, user.id, &args.name, Utc::now())
        .await
        .context("storing the API token")?;
    println!("{token}");
    eprintln!(
        "This is an API token for {} <{}>. It is shown only once: keep it safe. Send it as `Authorization: Bearer {{token}}`.",
        user.name, user.email
    );
    Ok(())
}
