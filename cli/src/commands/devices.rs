//! `kulcs devices`: lists the members of this device's sync group (id, name, last seen), and
//! `kulcs devices remove ID` removes one (a lost phone) by starting a new epoch.

use kulcs_core::hlc::DeviceId;
use kulcs_core::sync::MemberInfo;

use crate::args::{DevicesAction, DevicesArgs};
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::output::{format_ms, safe};
use crate::prompt::confirm;

/// This computer's host name, the default device name ("this device" when unknown).
pub fn host_name() -> String {
    let from_file = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string());
    from_file
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this device".into())
}

/// The member `id` names: its 16 hex digits, or a prefix of them that only one member has.
fn resolve(members: &[MemberInfo], id: &str) -> Result<DeviceId, CliError> {
    let id = id.trim().to_ascii_lowercase();
    let found: Vec<&MemberInfo> = members
        .iter()
        .filter(|m| !id.is_empty() && m.device.to_string().starts_with(&id))
        .collect();
    match found[..] {
        [m] => Ok(m.device),
        [] => Err(CliError::input(format!(
            "No device {} in this sync group; `kulcs devices` lists them.",
            safe(&id)
        ))),
        _ => Err(CliError::input(format!(
            "{} matches several devices; give more digits.",
            safe(&id)
        ))),
    }
}

/// Runs `kulcs devices [remove ID]`.
pub fn run(a: DevicesArgs, ctx: &Context<'_>) -> Result<(), CliError> {
    let mut vault = ctx.open_existing()?;
    let Some(mut state) = ctx.sync_state(&mut vault)? else {
        return Err(CliError::input(
            "This device is not in a sync group. Join one with `kulcs transfer send --sync` on a device that has the accounts.",
        ));
    };
    let members = state.members();
    match a.action {
        None => {
            if members.is_empty() {
                println!("No member list yet: run `kulcs sync DIR` once to upgrade this group.");
            }
            for m in &members {
                let seen = match (m.this_device, m.last_seen_ms) {
                    (true, _) => "this device".to_string(),
                    (false, Some(ms)) => format!("last seen {}", format_ms(ms)),
                    (false, None) => "not seen yet".to_string(),
                };
                println!("{}  {}  ({seen})", m.device, safe(&m.name));
            }
            Ok(())
        }
        Some(DevicesAction::Remove { id, yes }) => {
            let device = resolve(&members, &id)?;
            let name = members
                .iter()
                .find(|m| m.device == device)
                .map(|m| m.name.clone())
                .unwrap_or_default();
            confirm(
                &format!(
                    "Remove {device} ({}) from the sync group? It will read nothing synced after this.",
                    safe(&name)
                ),
                yes,
            )?;
            state
                .remove_device(device, &ring::rand::SystemRandom::new())
                .map_err(|e| CliError::input(sentence(e)))?;
            ctx.save_sync_state(&mut vault, &state)?;
            println!(
                "Removed {device} ({}). Run `kulcs sync DIR` now, so the other devices move to the new key.",
                safe(&name)
            );
            Ok(())
        }
    }
}
