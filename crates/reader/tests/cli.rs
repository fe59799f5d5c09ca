//! `autopilot-check` as a pipeline uses it: report, JSON shape, exit status.

use autopilot_gen::{GenOptions, WriteOptions};
use autopilot_reader::{Encoding, Layout};

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("autopilot-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `count` generated devices to `dir/file`.
fn gen(dir: &Path, file: &str, count: usize, seed: u64, write: WriteOptions) -> PathBuf {
    let path = dir.join(file);
    let devices = autopilot_gen::devices(
        count,
        &GenOptions {
            seed,
            hash_len: 800,
            user_domain: (write.layout == Layout::WithUser).then(|| "contoso.com".to_owned()),
            ..GenOptions::default()
        },
    );
    std::fs::write(&path, autopilot_gen::file_bytes(&devices, &write)).expect("write");
    path
}

fn check(args: &[&std::ffi::OsStr]) -> (i32, String) {
    check_in("C.UTF-8", args)
}

/// Runs the tool in a shell whose `LANG` is `lang` (and no `LC_ALL` or `LC_MESSAGES`).
fn check_in(lang: &str, args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_autopilot-check"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("run autopilot-check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn clean_files_exit_zero_and_list_devices_in_json() {
    let dir = temp_dir("clean");
    let a = gen(&dir, "a.csv", 3, 1, WriteOptions::powershell_5());
    let b = gen(
        &dir,
        "b.csv",
        2,
        9,
        WriteOptions {
            layout: Layout::WithUser,
            encoding: Encoding::Utf8Bom,
            crlf: false,
            quoted: false,
        },
    );
    let (code, out) = check(&["--json".as_ref(), a.as_os_str(), b.as_os_str()]);
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let devices = json["devices"].as_array().expect("devices");
    assert_eq!(devices.len(), 5);
    let first = &devices[0];
    for key in [
        "file",
        "line",
        "serial",
        "manufacturer",
        "model",
        "group_tag",
        "assigned_user",
    ] {
        assert!(first.get(key).is_some(), "device has {key}: {first}");
    }
    assert_eq!(first["line"], 2, "header is line 1");
    assert!(devices[4]["assigned_user"]
        .as_str()
        .is_some_and(|u| u.ends_with("@contoso.com")));
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(0));
}

#[test]
fn row_errors_exit_one_with_located_problems() {
    let dir = temp_dir("errors");
    let path = dir.join("bad.csv");
    std::fs::write(
        &path,
        "Device Serial Number,Windows Product ID,Hardware Hash\nABC,,\n",
    )
    .expect("write");
    let (code, out) = check(&["--json".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let problem = &json["problems"][0];
    assert_eq!(problem["code"], "missing-hash");
    assert_eq!(problem["severity"], "error");
    assert_eq!(problem["line"], 2);
    assert!(problem["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("bad.csv")));

    let (code, text) = check(&[path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(text.contains("bad.csv:2: error [missing-hash]"), "{text}");
}

#[test]
fn unreadable_and_missing_files_exit_two() {
    let dir = temp_dir("unreadable");
    let bin = dir.join("image.png");
    std::fs::write(&bin, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 0, 1, 2]).expect("write");
    let (code, out) = check(&["--json".as_ref(), bin.as_os_str()]);
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["problems"][0]["code"], "unreadable-file");
    assert!(
        json["problems"][0]["line"].is_null(),
        "file-level problems have no line"
    );

    let (code, _) = check(&[dir.join("nope.csv").as_os_str()]);
    assert_eq!(code, 2);
}

#[test]
fn lang_nl_prints_dutch_with_the_same_codes_and_the_shells_language_is_the_default() {
    let dir = temp_dir("dutch");
    let path = dir.join("fouten.csv");
    std::fs::write(
        &path,
        "Device Serial Number,Windows Product ID,Hardware Hash\nABC,,\n\n",
    )
    .expect("write");
    let (code, text) = check(&["--lang".as_ref(), "nl".as_ref(), path.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        text.contains("fouten.csv:2: error [missing-hash] De hardware-hash is leeg."),
        "{text}"
    );
    assert!(
        text.contains("1 lege regel is overgeslagen"),
        "file-level problems too: {text}"
    );
    assert!(
        text.contains("0 van 1 regels kunnen worden geregistreerd"),
        "{text}"
    );
    assert!(
        text.contains("0 apparaten klaar om te registreren; 1 fout, 1 waarschuwing."),
        "{text}"
    );
    // JSON keeps its keys and codes; the messages are Dutch.
    let (_, out) = check(&[
        "--json".as_ref(),
        "--lang".as_ref(),
        "nl-NL".as_ref(),
        path.as_os_str(),
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let problems = json["problems"].as_array().expect("problems");
    let hash = problems
        .iter()
        .find(|p| p["code"] == "missing-hash")
        .expect("the row's problem, by its code");
    assert!(hash["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("De hardware-hash is leeg.")));
    // A Dutch shell gets Dutch; --lang wins over it.
    let (_, text) = check_in("nl_NL.UTF-8", &[path.as_os_str()]);
    assert!(text.contains("De hardware-hash is leeg."), "{text}");
    let (_, text) = check_in(
        "nl_NL.UTF-8",
        &["--lang".as_ref(), "en".as_ref(), path.as_os_str()],
    );
    assert!(text.contains("The hardware hash is blank."), "{text}");
    // A language it does not speak is a usage error.
    let (code, _) = check(&["--lang".as_ref(), "de".as_ref(), path.as_os_str()]);
    assert_eq!(code, 2);
}
