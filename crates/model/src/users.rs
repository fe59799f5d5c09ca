//! The Assigned Users of an upload against a real tenant's directory, before anything is sent
//! (the registration guide's "Deliver the device" step): a user the directory does not have
//! leaves the row out, as the file's own errors do; a user without a licence is a warning, since
//! the device can be registered but not handed over.

use crate::backend::UserStanding;
use autopilot_i18n::{t, Lang};
use autopilot_reader::{Code, ImportReport, Problem};
use std::collections::{HashMap, HashSet};

/// The most distinct users one upload has checked: a request each, so a file naming more than
/// this is checked in part, and the fly-in says how many were not.
pub const MAX_USERS_CHECKED: usize = 2_000;

/// Users asked about in one request to the backend (the fly-in counts progress by them).
pub const USERS_PER_CHECK: usize = 25;

/// The distinct Assigned Users of the report's devices, in file order (names compared without
/// case, as the directory does), at most [`MAX_USERS_CHECKED`]; and how many more there are.
pub fn to_check(report: &ImportReport) -> (Vec<String>, usize) {
    let mut seen = HashSet::new();
    let mut users = Vec::new();
    let mut more = 0;
    for device in &report.devices {
        let user = device.assigned_user.trim();
        if user.is_empty() || !seen.insert(user.to_lowercase()) {
            continue;
        }
        if users.len() < MAX_USERS_CHECKED {
            users.push(user.to_owned());
        } else {
            more += 1;
        }
    }
    (users, more)
}

/// Applies the directory's answers (`(user, standing)`) to the report: each device of a user the
/// directory does not have is left out with an error, each device of a user without a licence
/// gets a warning. Problems stay in file and line order; each file's count of devices follows.
/// Returns how many devices were left out.
pub fn apply(report: &mut ImportReport, answers: &[(String, UserStanding)], lang: Lang) -> usize {
    let standing: HashMap<String, UserStanding> = answers
        .iter()
        .map(|(user, s)| (user.trim().to_lowercase(), *s))
        .collect();
    if standing.values().all(|s| *s == UserStanding::Licensed) {
        return 0;
    }
    // Applied twice (what is left of an upload after a stopped submission), a row still gets
    // one problem.
    let known: HashSet<(String, Option<u32>, Code)> = report
        .problems
        .iter()
        .filter(|p| matches!(p.code, Code::UserNotFound | Code::UserUnlicensed))
        .map(|p| (p.file.clone(), p.line, p.code))
        .collect();
    let mut left_out = 0;
    let mut kept = Vec::with_capacity(report.devices.len());
    for device in std::mem::take(&mut report.devices) {
        let user = device.assigned_user.trim();
        let problem = |code, message: String| {
            Problem::row(
                &device.file,
                device.line,
                Some(&device.serial),
                code,
                message,
            )
        };
        match standing.get(&user.to_lowercase()) {
            Some(UserStanding::NotFound) => {
                report.problems.push(problem(
                    Code::UserNotFound,
                    t!(lang, "user-not-found", user = user),
                ));
                if let Some(file) = report.files.iter_mut().find(|f| f.name == device.file) {
                    file.devices = file.devices.saturating_sub(1);
                }
                left_out += 1;
            }
            Some(UserStanding::Unlicensed)
                if known.contains(&(
                    device.file.clone(),
                    Some(device.line),
                    Code::UserUnlicensed,
                )) =>
            {
                kept.push(device)
            }
            Some(UserStanding::Unlicensed) => {
                report.problems.push(problem(
                    Code::UserUnlicensed,
                    t!(lang, "user-unlicensed", user = user),
                ));
                kept.push(device);
            }
            _ => kept.push(device),
        }
    }
    report.devices = kept;
    let order: HashMap<&str, usize> = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    // Stable: problems of one line keep their order, the file's own before the directory's.
    let mut problems = std::mem::take(&mut report.problems);
    problems.sort_by_key(|p| (order.get(p.file.as_str()).copied(), p.line));
    report.problems = problems;
    left_out
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_reader::{read_files, ImportOptions, Severity};

    const HASHLESS: &str = "Manufacturer,Model,Serial Number,Assigned User\r\n";

    fn report(files: &[(&str, &str)]) -> ImportReport {
        read_files(
            files
                .iter()
                .map(|(name, rows)| (*name, format!("{HASHLESS}{rows}").into_bytes())),
            ImportOptions {
                tenant_domains: Some(vec!["contoso.com".into()]),
                ..ImportOptions::default()
            },
        )
    }

    #[test]
    fn each_user_is_asked_about_once_without_case() {
        let r = report(&[(
            "a.csv",
            "HP,X,S1,adele@contoso.com\r\nHP,X,S2,ADELE@contoso.com\r\nHP,X,S3,\r\nHP,X,S4,lee@contoso.com\r\n",
        )]);
        assert_eq!(r.devices.len(), 4);
        assert_eq!(
            to_check(&r),
            (
                vec!["adele@contoso.com".to_owned(), "lee@contoso.com".to_owned()],
                0
            )
        );
    }

    #[test]
    fn past_the_limit_the_rest_are_counted_not_asked() {
        let rows: String = (0..MAX_USERS_CHECKED + 3)
            .map(|i| format!("HP,X,S{i},u{i}@contoso.com\r\n"))
            .collect();
        let (users, more) = to_check(&report(&[("a.csv", &rows)]));
        assert_eq!((users.len(), more), (MAX_USERS_CHECKED, 3));
    }

    #[test]
    fn unknown_users_leave_their_rows_out_and_unlicensed_ones_warn_in_file_order() {
        let mut r = report(&[
            (
                "a.csv",
                "HP,X,S1,adele@contoso.com\r\nHP,X,S2,ghost@contoso.com\r\nHP,X,S3,irvin@contoso.com\r\nHP,X,S4,bad@fabrikam.com\r\n",
            ),
            ("b.csv", "HP,X,S5,Ghost@Contoso.com\r\n"),
        ]);
        assert_eq!(r.devices.len(), 4, "fabrikam is the file's own error");
        let answers = [
            ("adele@contoso.com".to_owned(), UserStanding::Licensed),
            ("ghost@contoso.com".to_owned(), UserStanding::NotFound),
            ("irvin@contoso.com".to_owned(), UserStanding::Unlicensed),
        ];
        assert_eq!(apply(&mut r, &answers, Lang::En), 2);
        let serials: Vec<&str> = r.devices.iter().map(|d| d.serial.as_str()).collect();
        assert_eq!(serials, ["S1", "S3"]);
        let problems: Vec<(&str, Option<u32>, Code)> = r
            .problems
            .iter()
            .map(|p| (p.file.as_str(), p.line, p.code))
            .collect();
        assert_eq!(
            problems,
            [
                ("a.csv", Some(3), Code::UserNotFound),
                ("a.csv", Some(4), Code::UserUnlicensed),
                ("a.csv", Some(5), Code::InvalidUser),
                ("b.csv", Some(2), Code::UserNotFound),
            ]
        );
        assert!(r.problems[0].message.contains("no user ghost@contoso.com"));
        assert_eq!(r.problems[1].severity, Severity::Warning);
        assert_eq!(r.problems[3].serial.as_deref(), Some("S5"));
        assert_eq!(r.rows_left_out(), 3);
        assert_eq!((r.files[0].devices, r.files[1].devices), (2, 0));
    }

    #[test]
    fn checked_again_a_row_still_has_one_warning() {
        let mut r = report(&[("a.csv", "HP,X,S1,irvin@contoso.com\r\n")]);
        let answers = [("irvin@contoso.com".to_owned(), UserStanding::Unlicensed)];
        apply(&mut r, &answers, Lang::En);
        let once = r.clone();
        apply(&mut r, &answers, Lang::En);
        assert_eq!(r, once);
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn in_dutch_too() {
        let mut r = report(&[("a.csv", "HP,X,S1,ghost@contoso.com\r\n")]);
        apply(
            &mut r,
            &[("ghost@contoso.com".into(), UserStanding::NotFound)],
            Lang::Nl,
        );
        assert!(r.problems[0]
            .message
            .starts_with("Microsoft Entra ID heeft geen gebruiker ghost@contoso.com."));
    }

    #[test]
    fn licensed_users_change_nothing() {
        let mut r = report(&[("a.csv", "HP,X,S1,adele@contoso.com\r\n")]);
        let before = r.clone();
        assert_eq!(
            apply(
                &mut r,
                &[("adele@contoso.com".into(), UserStanding::Licensed)],
                Lang::En
            ),
            0
        );
        assert_eq!(r, before);
    }
}
