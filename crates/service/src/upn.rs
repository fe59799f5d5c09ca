//! Assigned User checks: a well-formed user principal name, in one of the tenant's domains.
//! A wrong UPN can lock a device out, so this is checked before anything is submitted (spec §2).

/// Why an Assigned User value is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpnError {
    /// Not of the form `name@domain.tld`; what is wrong.
    Malformed(Malformed),
    /// Well-formed, but the domain is not one of the tenant's.
    UnknownDomain(String),
}

/// What is wrong with a value that is no user principal name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Blanks before or after it.
    Blanks,
    /// No `@`.
    NoAt,
    /// The part before `@` is empty or longer than 64.
    LocalLength,
    /// The part before `@` has characters a user name cannot have.
    LocalCharacters,
    /// The part after `@` is not a domain name.
    Domain,
}

impl Malformed {
    /// In English, as the service says it.
    pub fn why(self) -> &'static str {
        match self {
            Malformed::Blanks => "it has blanks before or after it",
            Malformed::NoAt => "it has no @",
            Malformed::LocalLength => "the part before @ is empty or too long",
            Malformed::LocalCharacters => {
                "the part before @ has characters a user name cannot have"
            }
            Malformed::Domain => "the part after @ is not a domain name",
        }
    }
}

impl UpnError {
    /// What is wrong with `user`, in one sentence (`domains`: the tenant's), for messages that
    /// then say what to do.
    pub fn explain(&self, user: &str, domains: &[String]) -> String {
        match self {
            UpnError::Malformed(why) => {
                format!("\"{user}\" is not a user principal name: {}.", why.why())
            }
            UpnError::UnknownDomain(domain) => format!(
                "\"{user}\" is in {domain}, which is not one of your organisation's domains ({}).",
                domains.join(", ")
            ),
        }
    }
}

/// Checks a user to assign to registered devices: a UPN in one of the tenant's `domains`, or
/// what is wrong and what to do, in words for the admin (the service refuses with them, the
/// portal says them before anything is sent).
pub fn check_assignment(user: &str, domains: &[String]) -> Result<(), String> {
    check(user, Some(domains)).map_err(|err| {
        let what = err.explain(user, domains);
        match err {
            UpnError::Malformed(_) => format!("{what} Write it as name@yourdomain.com."),
            UpnError::UnknownDomain(_) => format!(
                "{what} A wrong user can lock the devices out: use an address in one of them."
            ),
        }
    })
}

/// Checks a UPN's shape and, when `domains` is given, that its domain is one of them
/// (case-insensitive).
pub fn check(upn: &str, domains: Option<&[String]>) -> Result<(), UpnError> {
    if upn.trim() != upn {
        return Err(UpnError::Malformed(Malformed::Blanks));
    }
    let Some((local, domain)) = upn.rsplit_once('@') else {
        return Err(UpnError::Malformed(Malformed::NoAt));
    };
    if local.is_empty() || local.len() > 64 {
        return Err(UpnError::Malformed(Malformed::LocalLength));
    }
    let local_ok = local
        .chars()
        .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(UpnError::Malformed(Malformed::LocalCharacters));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !domain_ok {
        return Err(UpnError::Malformed(Malformed::Domain));
    }
    if let Some(domains) = domains {
        if !domains.iter().any(|d| d.eq_ignore_ascii_case(domain)) {
            return Err(UpnError::UnknownDomain(domain.to_owned()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(check("megan.b@contoso.com", None), Ok(()));
        assert_eq!(check("o'neil+it@sub.contoso.co.uk", None), Ok(()));
        for bad in [
            "megan",
            "@contoso.com",
            "megan@",
            "megan@contoso",
            "me gan@contoso.com",
            " megan@contoso.com",
            "megan@-contoso.com",
            "me..gan@contoso.com",
            "megan@contoso..com",
        ] {
            assert!(
                matches!(check(bad, None), Err(UpnError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn domain_must_be_the_tenants() {
        let domains = vec![
            "contoso.com".to_owned(),
            "contoso.onmicrosoft.com".to_owned(),
        ];
        assert_eq!(check("a@CONTOSO.com", Some(&domains)), Ok(()));
        assert_eq!(
            check("a@fabrikam.com", Some(&domains)),
            Err(UpnError::UnknownDomain("fabrikam.com".into()))
        );
    }
}
