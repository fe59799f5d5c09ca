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
    let out = Command::new(env!("CARGO_BIN_EXE_autopilot-check"))
        .args(args)
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
