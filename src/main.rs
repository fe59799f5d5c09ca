//! Mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    devices_portal::i18n::announce();
    devices_portal::locale::install();
    leptos::mount::mount_to_body(devices_portal::App);
}
