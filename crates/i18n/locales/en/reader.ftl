## The file reader: what is wrong with an upload and how to fix it, one message per problem.
## Column names (Device Serial Number, Hardware Hash, …) and tool names are written as the
## files and tools spell them, in every language.

## Files

file-empty = The file is empty. Export the devices again with Get-WindowsAutoPilotInfo and upload the new file.
file-binary = This is not a CSV file: it holds binary data. Upload the .csv file that Get-WindowsAutoPilotInfo or your supplier wrote.
# $offset: the damaged byte's position.
file-broken-utf8 = The file says it is UTF-8 but byte { $offset } is not: it was damaged. Export it again, or open it in Notepad and save it as UTF-8.
file-only-blank = The file holds only blank lines. Export the devices again with Get-WindowsAutoPilotInfo and upload the new file.
file-no-rows = The file has a header but no device rows. Check that you uploaded the right file.
# $header: the header Get-WindowsAutoPilotInfo writes.
file-no-header = No header line was found. The file must start with `{ $header }` (the columns Get-WindowsAutoPilotInfo writes) or another documented header.
# $line: the line's number.
file-unknown-header = Line { $line } is not a header we know. The file must start with `{ $header }` (the columns Get-WindowsAutoPilotInfo writes) or another documented header. Add the header line, or export the file again.
# $column: the column as written.
column-unknown = The column "{ $column }" is not one the service knows; its values are ignored. Remove the column to silence this warning.
# $renamed: each column as written and as read.
header-normalised = The header is not spelled exactly as documented; read { $renamed }. Intune's own import page is case-sensitive, so fix the header if you also upload there.
# One column of header-normalised: $raw as written, $name as documented.
header-renamed = "{ $raw }" as "{ $name }"
column-missing = The header has no "{ $column }" column, so no device in this file can be read. Expected `{ $header }`; export the file again or add the column.
# $count: how many lines (a number); $lines: their numbers.
header-repeated = { $count ->
    [one] The header line appears again at line { $lines }, as happens when files are joined end to end. That line was skipped; nothing else is needed.
   *[other] The header line appears again at lines { $lines }, as happens when files are joined end to end. Those lines were skipped; nothing else is needed.
}
# A shortened list: the first items, then how many more ($n, written).
list-and-more = { $list } and { $n } more
# $count: how many (a number); $n: the same, written.
blank-lines = { $count ->
    [one] { $n } blank line was skipped; nothing else is needed.
   *[other] { $n } blank lines were skipped; nothing else is needed.
}

## Rows

# $count and $expected: numbers of fields; $header: the header line.
wrong-field-count = This line has { $count } fields but the header has { $expected }. A comma is missing or extra; compare it with the header `{ $header }`.
# $column: a field, as field-named or field-numbered say it.
unclosed-quote = A quote opened in { $column } is never closed on this line. Remove the stray " or close it.
# $length and $max: numbers of characters.
field-too-long = { $column } is { $length } characters long; no real value is longer than { $max }. The line is probably damaged: export this device again.
field-named = the "{ $name }" field
field-named-start = The "{ $name }" field
field-numbered = field { $number }
field-numbered-start = Field { $number }
missing-hash = The hardware hash is blank. Run Get-WindowsAutoPilotInfo on this device again and copy the whole Hardware Hash value.
# $position: a character's place in the hash; $character: that character.
hash-bad-character = The hardware hash is not base64: character { $position } ({ $character }) is not allowed.
hash-truncated = The hardware hash is not base64: its length shows it was cut off.
hash-bad-padding = The hardware hash is not base64: its '=' padding is wrong.
hash-damaged-signature = The hardware hash is damaged: it does not start with the OA3 signature.
hash-damaged-length = The hardware hash is damaged: its length field points past the end.
hash-damaged-record-header = The hardware hash is damaged: a record header runs past the record block.
hash-damaged-record-length = The hardware hash is damaged: a record's length does not fit the record block.
hash-damaged-trailer = The hardware hash is damaged: the CS trailer is missing.
hash-checksum-mismatch = The hardware hash's checksum does not match its contents: it was altered or cut.
hash-missing-serial = The hardware hash carries no serial number.
hash-missing-manufacturer = The hardware hash carries no manufacturer.
hash-fix-capture = Capture the hash again on the device with Get-WindowsAutoPilotInfo and copy the whole value; do not edit it.
hash-fix-firmware = The device's firmware (SMBIOS) lacks it: ask the manufacturer to set it, then capture the hash again.
hash-padding-fixed = The hardware hash lacked its '=' padding at the end (an editor or a copy cut it); it was added, so the hash will be accepted.
# The row's manufacturer and model, then the hash's.
device-info-mismatch = The row says { $row } but the hardware hash says { $hash }; the hash's values are used. Check that the row belongs to this device.
tuple-missing-manufacturer = The manufacturer is blank. A row without a hardware hash must give manufacturer, model and serial exactly as the device's firmware reports them.
tuple-missing-model = The model is blank. A row without a hardware hash must give manufacturer, model and serial exactly as the device's firmware reports them.
# $placeholder: what the firmware reports instead of a serial.
serial-placeholder = The machine reports "{ $placeholder }" instead of a serial number: it has none, and every such machine would register as the same device. Give it one, then capture the hash again: for a virtual machine in its settings (Hyper-V and VMware set one by default; on QEMU or Proxmox add -smbios type=1,serial=<serial>), for a physical device in its firmware (the manufacturer's BIOS tool).
# $serial: the serial the hash holds.
serial-blank-in-hash = The serial number is blank. The hardware hash says it is "{ $serial }"; copy that into the serial column.
serial-blank = The serial number is blank. Read it off the device's label or its firmware (wmic bios get serialnumber).
serial-whitespace = The serial number "{ $serial }" has blanks before or after it. It is kept exactly as written; remove the blanks unless the device's firmware really has them.
serial-excel-mangled = The serial number "{ $serial }" looks like Excel turned it into a number. Open the original export in a text editor, not Excel, and copy the real serial.
# $serial: the column's; $hash: the hash's.
serial-mismatch-zeros = The serial column says "{ $serial }" but the hardware hash says "{ $hash }". Its leading zeros were lost, probably by Excel. Check the row before registering.
serial-mismatch = The serial column says "{ $serial }" but the hardware hash says "{ $hash }". The row may mix up two devices. Check the row before registering.
# $user: the Assigned User as written.
user-malformed-blanks = "{ $user }" is not a user principal name: it has blanks before or after it. Write it as name@yourdomain.com, or leave the cell empty.
user-malformed-no-at = "{ $user }" is not a user principal name: it has no @. Write it as name@yourdomain.com, or leave the cell empty.
user-malformed-local-length = "{ $user }" is not a user principal name: the part before @ is empty or too long. Write it as name@yourdomain.com, or leave the cell empty.
user-malformed-local-characters = "{ $user }" is not a user principal name: the part before @ has characters a user name cannot have. Write it as name@yourdomain.com, or leave the cell empty.
user-malformed-domain = "{ $user }" is not a user principal name: the part after @ is not a domain name. Write it as name@yourdomain.com, or leave the cell empty.
# $domain: the user's; $domains: the organisation's.
user-unknown-domain = "{ $user }" is in { $domain }, which is not one of your organisation's domains ({ $domains }). A wrong user can lock the device out: fix the address or leave the cell empty.
# $tag: the row's group tag; $managed: the tag registration gives.
group-tag-replaced = The group tag "{ $tag }" will be replaced by { $managed }: Managed Desktop assigns its own tag to every device it registers.
# $device: manufacturer and serial; $line: where it was first.
duplicate-device = This is the same device ({ $device }) as line { $line }. Remove one of the two rows; the service refuses a device listed twice.
# … and $file: the file it was first in.
duplicate-device-in-file = This is the same device ({ $device }) as line { $line } of { $file }. Remove one of the two rows; the service refuses a device listed twice.

## autopilot-check, the command line

check-file = { $file }: { $encoding }, { $layout }; { $devices } of { $rows } rows can be registered
check-unreadable = unreadable
check-no-header = no header understood
# $devices, $errors, $warnings: numbers.
check-summary = { $devices ->
    [one] 1 device ready to register
   *[other] { $devices } devices ready to register
}; { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}.
check-cannot-read = cannot read { $path }: { $error }
