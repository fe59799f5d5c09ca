//! Help inside the fly-in: the three ways to get hardware hashes (spec §1), with copyable
//! commands and the flash-drive warning.

use super::message_bar::{MessageBar, MessageIntent};
use leptos::prelude::*;

/// A command with a Copy button that says when it copied.
#[component]
fn Command(
    /// The exact command.
    text: &'static str,
) -> impl IntoView {
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
            <button type="button" class="btn btn-subtle btn-small" on:click=copy aria-label=format!("Copy command: {text}")>
                {move || if copied.get() { "Copied" } else { "Copy" }}
            </button>
        </div>
    }
}

/// "How do I get hardware hashes?", collapsed by default.
#[component]
pub fn HashHelp() -> impl IntoView {
    view! {
        <details class="help">
            <summary>"How do I get hardware hashes?"</summary>
            <ol class="help-steps">
                <li>
                    <strong>"From your supplier. "</strong>
                    "Ask your device manufacturer or reseller for an Autopilot registration file. A partner registered in Partner Center can also register the devices for you; then there is nothing to upload here."
                </li>
                <li>
                    <strong>"With PowerShell on each device. "</strong>
                    "In an elevated PowerShell window, install the script, then write the device's hash to a CSV file:"
                    <Command text="Install-Script -Name Get-WindowsAutoPilotInfo" />
                    <Command text="Get-WindowsAutoPilotInfo -OutputFile C:\\HWID\\hardwarehash.csv" />
                    "Files from many devices can be uploaded together; there is no need to merge them first."
                </li>
                <li>
                    <strong>"With a flash drive on new devices. "</strong>
                    "Start the new device but do not go through Windows setup. At the first setup screen, press Shift+F10 to open a command prompt, run the script from the USB drive, then turn the device off:"
                    <Command text="PowerShell -ExecutionPolicy Bypass -File D:\\Get-WindowsAutoPilotInfo.ps1 -OutputFile D:\\hardwarehash.csv" />
                    <Command text="shutdown -s -t 0" />
                    <MessageBar intent=MessageIntent::Warning>
                        "Do not turn the device on again until its registration has completed. If it starts Windows setup before then, it will not get its Managed Desktop configuration and must be reset."
                    </MessageBar>
                </li>
            </ol>
        </details>
    }
}
