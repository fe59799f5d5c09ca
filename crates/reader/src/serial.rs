//! Serial-number sanity: serials are kept exactly as written (leading zeros and all), but blanks
//! around them and Excel's number formatting are worth a warning (spec §2).

/// Whether the serial is what firmware reports when nobody set one: a BIOS default such as
/// `To be filled by O.E.M.`, `Default string` or `System Serial Number`, a hypervisor's empty
/// SMBIOS string (`SMBIOS_STRING_INDEX_0` on QEMU), or only zeros. Such a value is no serial:
/// every such machine would register as the same device.
pub fn is_placeholder(serial: &str) -> bool {
    let s = serial.trim();
    if !s.is_empty() && s.bytes().all(|b| b == b'0') {
        return true;
    }
    let folded: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    folded.starts_with("smbiosstringindex")
        || [
            "tobefilledbyoem",
            "defaultstring",
            "systemserialnumber",
            "chassisserialnumber",
            "notspecified",
            "notapplicable",
            "none",
            "na",
            "oem",
            "invalid",
        ]
        .contains(&folded.as_str())
}

/// Whether the serial has blanks before or after it.
pub fn has_outer_whitespace(serial: &str) -> bool {
    serial.trim() != serial
}

/// Whether the serial looks like Excel's scientific notation of a long number, such as
/// `1.23457E+11` or `5E+14`: the real serial is lost and must be read off the device again.
pub fn looks_excel_mangled(serial: &str) -> bool {
    let s = serial.trim();
    let Some(e) = s.find(['E', 'e']) else {
        return false;
    };
    let (mantissa, exponent) = (&s[..e], &s[e + 1..]);
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((int, frac)) => int.len() == 1 && digits(int) && digits(frac),
        None => mantissa.len() == 1 && digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// Whether `column` is `in_hash` with its leading zeros removed, as Excel does to numeric serials.
pub fn lost_leading_zeros(column: &str, in_hash: &str) -> bool {
    let hash = in_hash.trim();
    hash.starts_with('0')
        && hash.trim_start_matches('0') == column.trim()
        && !column.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_scientific_notation_is_recognised() {
        for s in [
            "1.23457E+11",
            "5E+14",
            "4.5e+12",
            "1,23457E+11",
            " 1.2E+10 ",
        ] {
            assert!(looks_excel_mangled(s), "{s}");
        }
        for s in [
            "PF3ABCDE", "12E45X", "E+11", "123457", "1.2.3E+4", "5CG2E+1", "0E",
        ] {
            assert!(!looks_excel_mangled(s), "{s}");
        }
    }

    #[test]
    fn firmware_placeholders_are_no_serial() {
        for s in [
            "SMBIOS_STRING_INDEX_0",
            "To be filled by O.E.M.",
            "To Be Filled By O.E.M.",
            "Default string",
            "System Serial Number",
            "0",
            "00000000",
            " Not Specified ",
            "N/A",
        ] {
            assert!(is_placeholder(s), "{s}");
        }
        for s in [
            "5CD349G8VJ",
            "PF5NRH33",
            "VMware-56 4d 8a 3c",
            "0123456789",
            "10",
            "OEM1234",
        ] {
            assert!(!is_placeholder(s), "{s}");
        }
    }

    #[test]
    fn whitespace_and_zeros() {
        assert!(has_outer_whitespace(" PF1"));
        assert!(has_outer_whitespace("PF1\t"));
        assert!(!has_outer_whitespace("PF 1"));
        assert!(lost_leading_zeros("123", "000123"));
        assert!(!lost_leading_zeros("123", "123"));
    }
}
