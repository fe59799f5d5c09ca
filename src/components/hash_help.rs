//! Help inside the fly-in: the three ways to get hardware hashes (spec §1), with copyable
//! commands and the flash-drive warning.

use super::message_bar::{MessageBar, MessageIntent};
use autopilot_i18n::t;
use leptos::prelude::*;

/// A command with a Copy button that says when it copied.
#[component]
fn Command(
    /// The exact command.
    text: &'static str,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(text);
            copied.set(true);
            set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
        }
    };
    view! {
        <div class="command">
            <code>{text}</code>
            <button type="button" class="btn btn-subtle btn-small" on:click=copy aria-label=t!(lang, "copy-command", command = text)>
                {move || if copied.get() { t!(lang, "copied") } else { t!(lang, "copy") }}
            </button>
        </div>
    }
}

/// "How do I get hardware hashes?", collapsed by default.
#[component]
pub fn HashHelp() -> impl IntoView {
    let lang = crate::i18n::lang();
    view! {
        <details class="help">
            <summary>{t!(lang, "hash-help")}</summary>
            <ol class="help-steps">
                <li>
                    <strong>{t!(lang, "hash-supplier")}</strong>
                    " "
                    {t!(lang, "hash-supplier-about")}
                </li>
                <li>
                    <strong>{t!(lang, "hash-powershell")}</strong>
                    " "
                    {t!(lang, "hash-powershell-about")}
                    // Commands are typed as they are, in any language.
                    <Command text="Install-Script -Name Get-WindowsAutoPilotInfo" /> // i18n: not text
                    <Command text="Get-WindowsAutoPilotInfo -OutputFile C:\\HWID\\hardwarehash.csv" /> // i18n: not text
                    {t!(lang, "hash-many-files")}
                </li>
                <li>
                    <strong>{t!(lang, "hash-flash-drive")}</strong>
                    " "
                    {t!(lang, "hash-flash-drive-about")}
                    <Command text="PowerShell -ExecutionPolicy Bypass -File D:\\Get-WindowsAutoPilotInfo.ps1 -OutputFile D:\\hardwarehash.csv" /> // i18n: not text
                    <Command text="shutdown -s -t 0" /> // i18n: not text
                    <MessageBar intent=MessageIntent::Warning>
                        {t!(lang, "hash-flash-drive-warning")}
                    </MessageBar>
                </li>
            </ol>
        </details>
    }
}
