//! `highlight user add|list|disable|enable|invite` and `highlight token
//! create|list|revoke`: accounts and API tokens from the command line (trusted like an
//! administrator; the audit log names "Highlight").

use std::io::{IsTerminal, Read};

use anyhow::Context;
use chrono::Utc;

use super::{
    AccountRole, TokenCreateArgs, TokenRevokeArgs, UserAddArgs, UserEmailArgs, connect_and_migrate,
};
use crate::auth::password;
use crate::config::Settings;
use highlight_store::{people, users};

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
    let hash = if args.invite {
        None
    } else {
        let secret_text = read_password(&email)?;
        password::check_new(&secret_text, &email).map_err(|m| anyhow::anyhow!("password: {m}"))?;
        Some(secret_text)
    };
    let db = connect_and_migrate(&settings).await?;
    if people::by_email(&db, &email).await?.is_some() {
        anyhow::bail!("--email: there is already an account for {email}");
    }
    let hash = match hash {
        Some(secret_text) => Some(password::hash_blocking(secret_text).await?),
        None => None,
    };
    let now = Utc::now();
    let txn = highlight_store::begin(&db).await?;
    let user = users::create(
        &txn,
        &users::NewUser {
            email: email.clone(),
            name,
            is_admin: args.role == AccountRole::Admin,
            password_hash: hash,
        },
        now,
    )
    .await?;
    highlight_store::audit::record(
        &txn,
        None,
        highlight_store::audit::Change::<(), _> {
            programme_id: None,
            action: "user.created",
            entity: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "email": user.email, "name": user.name })),
        },
        now,
    )
    .await?;
    if args.invite {
        highlight_app::accounts::queue_invitation(
            &txn,
            &settings.server.public_url,
            &user,
            "The programme office",
            now,
        )
        .await
        .context("queueing the invitation")?;
    }
    highlight_store::commit(txn).await?;
    let role = if user.is_admin {
        "administrator"
    } else {
        "user"
    };
    if args.invite {
        println!(
            "Added {} <{}> as {role}. An invitation to choose a password is queued.",
            user.name, user.email
        );
    } else {
        println!(
            "Added {} <{}> as {role}. They can sign in now.",
            user.name, user.email
        );
    }
    Ok(())
}

pub async fn list_users(settings: Settings) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let people = highlight_app::accounts::people(&db, None).await?;
    println!(
        "{:<8} {:<10} {:<30} {:<36} ROLES",
        "ID", "STATUS", "NAME", "E-MAIL"
    );
    for p in people {
        println!(
            "{:<8} {:<10} {:<30} {:<36} {}",
            p.id, p.status_word, p.name, p.email, p.roles
        );
    }
    Ok(())
}

pub async fn set_enabled(
    settings: Settings,
    args: UserEmailArgs,
    enabled: bool,
) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let user = highlight_app::accounts::by_email(&db, &args.email).await?;
    let p = highlight_app::accounts::set_enabled(&db, None, user.id.0, enabled, Utc::now()).await?;
    if enabled {
        println!("Enabled {} <{}>: they can sign in again.", p.name, p.email);
    } else {
        println!(
            "Disabled {} <{}>: their sessions, sign-in links and API tokens have stopped.",
            p.name, p.email
        );
    }
    Ok(())
}

pub async fn invite(settings: Settings, args: UserEmailArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let user = highlight_app::accounts::by_email(&db, &args.email).await?;
    let p = highlight_app::accounts::resend_invitation(
        &db,
        &settings.server.public_url,
        None,
        user.id.0,
        Utc::now(),
    )
    .await?;
    println!("Queued an invitation for {} <{}>.", p.name, p.email);
    Ok(())
}

pub async fn list_tokens(settings: Settings, args: UserEmailArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let user = highlight_app::accounts::by_email(&db, &args.email).await?;
    let tokens = highlight_app::accounts::tokens_of(&db, None, user.id.0, Utc::now()).await?;
    println!(
        "{:<8} {:<8} {:<24} {:<24} {:<24} NAME",
        "ID", "STATE", "CREATED", "LAST USED", "EXPIRES"
    );
    for t in tokens {
        println!(
            "{:<8} {:<8} {:<24} {:<24} {:<24} {}",
            t.id,
            t.state,
            t.created_label,
            if t.last_used_label.is_empty() {
                "never"
            } else {
                &t.last_used_label
            },
            if t.expires_label.is_empty() {
                "never"
            } else {
                &t.expires_label
            },
            t.name
        );
    }
    Ok(())
}

pub async fn revoke_token(settings: Settings, args: TokenRevokeArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(&settings).await?;
    let t = highlight_app::accounts::revoke_token(&db, None, args.id, Utc::now()).await?;
    println!("Revoked the API token {} (\"{}\").", t.id, t.name);
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
    let days = args.days.unwrap_or(settings.api.token_days);
    let (token, summary) =
        highlight_app::accounts::issue_token(&db, None, user.id.0, &args.name, days, Utc::now())
            .await
            .context("storing the API token")?;
    println!("{token}");
    eprintln!(
        "This is an API token for {} <{}>, working until {}. It is shown only once: keep it safe. Send it as `Authorization: Bearer {{token}}`.",
        user.name, user.email, summary.expires_label
    );
    Ok(())
}
