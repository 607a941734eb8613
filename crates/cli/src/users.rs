//! `gongkai user …`: accounts and role grants, as the console operator.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Subcommand;
use gongkai_app::{Actor, App, SystemClock};
use gongkai_domain::role::Role;

use crate::DataArgs;
use crate::runtime::open_app;

#[derive(Subcommand)]
pub enum UserCmd {
    /// Create an account; prints a generated password unless one is given.
    Add {
        username: String,
        /// Display name (姓名).
        #[arg(long)]
        name: String,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        platform_admin: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// List accounts with their roles.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Set a password (generated and printed unless given); ends the user's sessions.
    Password {
        username: String,
        #[arg(long)]
        password: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Grant a role in an organisation.
    Grant {
        username: String,
        /// Organisation slug.
        #[arg(long)]
        org: String,
        /// drafter, reviewer, secrecy_reviewer, approver, disclosure_officer, disclosure_head,
        /// org_admin, supervisor
        #[arg(long)]
        role: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Revoke a role in an organisation.
    Revoke {
        username: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        role: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Create an API token for a user; printed once.
    Token {
        username: String,
        #[arg(long, default_value = "命令行创建")]
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

async fn user_id(app: &App, username: &str) -> Result<i64> {
    match app.user_by_name(username).await? {
        Some((u, _)) => Ok(u.id),
        None => bail!("用户“{username}”不存在"),
    }
}

async fn org_id(app: &App, slug: &str) -> Result<i64> {
    match app.org_tree().await?.by_slug(slug) {
        Some(o) => Ok(o.id),
        None => bail!("机构“{slug}”不存在（请使用机构的网址标识）"),
    }
}

async fn change_role(
    data: &DataArgs,
    username: &str,
    org: &str,
    role: &str,
    grant: bool,
) -> Result<()> {
    let app = open_app(data, Arc::new(SystemClock)).await?;
    let role: Role = role.parse()?;
    let (user, org) = (user_id(&app, username).await?, org_id(&app, org).await?);
    let cli = Actor::cli();
    let message = if grant {
        if app.grant_role(&cli, user, org, role).await? {
            "已授予"
        } else {
            "该用户已拥有此角色"
        }
    } else if app.revoke_role(&cli, user, org, role).await? {
        "已收回"
    } else {
        "该用户并无此角色"
    };
    println!("{message}");
    Ok(())
}

pub async fn run(cmd: UserCmd) -> Result<ExitCode> {
    let cli = Actor::cli();
    let clock = Arc::new(SystemClock);
    match cmd {
        UserCmd::Add {
            username,
            name,
            password,
            platform_admin,
            data,
        } => {
            let app = open_app(&data, clock).await?;
            let generated = password.is_none();
            let password = password.unwrap_or_else(|| gongkai_app::random_token(8));
            app.create_user(&cli, &username, &name, &password, platform_admin)
                .await?;
            println!("已创建用户 {username}");
            if generated {
                println!("密码：{password}");
            }
        }
        UserCmd::List { data } => {
            let app = open_app(&data, clock).await?;
            for (u, grants) in app.visible_users(&cli).await? {
                let roles: Vec<String> = grants
                    .iter()
                    .map(|g| format!("{}@{}", g.role, g.org_slug))
                    .collect();
                let mut flags = Vec::new();
                if u.platform_admin {
                    flags.push("platform_admin");
                }
                if !u.active {
                    flags.push("inactive");
                }
                println!(
                    "{}\t{}\t{}\t{}",
                    u.username,
                    u.display_name,
                    flags.join(","),
                    roles.join(" ")
                );
            }
        }
        UserCmd::Password {
            username,
            password,
            data,
        } => {
            let app = open_app(&data, clock).await?;
            let id = user_id(&app, &username).await?;
            let generated = password.is_none();
            let password = password.unwrap_or_else(|| gongkai_app::random_token(8));
            app.set_password(&cli, id, &password).await?;
            println!("已设置 {username} 的密码");
            if generated {
                println!("密码：{password}");
            }
        }
        UserCmd::Grant {
            username,
            org,
            role,
            data,
        } => change_role(&data, &username, &org, &role, true).await?,
        UserCmd::Revoke {
            username,
            org,
            role,
            data,
        } => change_role(&data, &username, &org, &role, false).await?,
        UserCmd::Token {
            username,
            name,
            data,
        } => {
            let app = open_app(&data, clock).await?;
            let token = app
                .create_token(&cli, user_id(&app, &username).await?, &name)
                .await?;
            println!("{token}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
