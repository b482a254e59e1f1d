//! `kulcs devices`: lists the members of this device's sync group (id, name, last seen), and
//! `kulcs devices remove ID` removes one (a lost phone) by starting a new epoch.

use kulcs_core::hlc::DeviceId;
use kulcs_core::sync::MemberInfo;

use crate::args::{DevicesAction, DevicesArgs};
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::i18n::t;
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
        .unwrap_or_else(|| t("devices-this-device", &[]))
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
        [] => Err(CliError::input(t("devices-none", &[("id", &safe(&id))]))),
        _ => Err(CliError::input(t("devices-many", &[("id", &safe(&id))]))),
    }
}

/// Runs `kulcs devices [remove ID]`.
pub fn run(a: DevicesArgs, ctx: &Context<'_>) -> Result<(), CliError> {
    let mut vault = ctx.open_existing()?;
    let Some(mut state) = ctx.sync_state(&mut vault)? else {
        return Err(CliError::input(t("sync-not-in-group", &[])));
    };
    let members = state.members();
    match a.action {
        None => {
            if members.is_empty() {
                println!("{}", t("devices-no-list", &[]));
            }
            for m in &members {
                let seen = match (m.this_device, m.last_seen_ms) {
                    (true, _) => t("devices-this-device", &[]),
                    (false, Some(ms)) => t("devices-last-seen", &[("date", &format_ms(ms))]),
                    (false, None) => t("devices-not-seen", &[]),
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
            let (device_text, name) = (device.to_string(), safe(&name).into_owned());
            let args = [("device", &*device_text), ("name", &*name)];
            confirm(&t("devices-remove-question", &args), yes)?;
            state
                .remove_device(device, &ring::rand::SystemRandom::new())
                .map_err(|e| CliError::input(sentence(e)))?;
            ctx.save_sync_state(&mut vault, &state)?;
            println!("{}", t("devices-removed", &args));
            Ok(())
        }
    }
}
