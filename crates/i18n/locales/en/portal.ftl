## The portal. Counts come twice: $count, a number that chooses the plural, and $n, the same
## count as the page's language writes it (10,000 in English, 10.000 in Dutch).

## Language

language = Language
# The switch's note: the page loads again in the chosen language.
language-note = The page loads again in the language you choose.

## Register devices: the file field, the preview, the hint

chosen-file = Chosen: { $name }
chosen-files = Chosen: { $n } files: { $names }
# A shortened list of names: the first ones, then how many more ($n, written).
names-and-more = { $names } and { $n } more
preview-devices = { $count ->
    [one] { $n } device will be registered.
   *[other] { $n } devices will be registered.
}
preview-left-out = { $count ->
    [one] { $n } row with errors will be left out.
   *[other] { $n } rows with errors will be left out.
}
preview-unusable = Some files could not be read at all.
preview-warnings = { $count ->
    [one] { $n } warning to look at.
   *[other] { $n } warnings to look at.
}
# $encoding and $layout as the reader names them; $devices and $rows written.
file-line = { $encoding }, { $layout }: { $devices } of { $rows } rows
file-line-no-header = { $encoding }: no header understood
file-line-unreadable = could not be read
hint-no-file = Upload a file to continue.
hint-checking-users = Wait while the assigned users are checked in Microsoft Entra ID.
hint-nothing = No device in these files can be registered.
hint-profile = Select a device profile to continue.
hint-ready = { $count ->
    [one] { $n } device will be registered.
   *[other] { $n } devices will be registered.
}
# $submitted and $left: counts (numbers), $submitted_n and $left_n the same, written; $why: the reason.
stopped = { $submitted ->
    [one] { $submitted_n } device was submitted;
   *[other] { $submitted_n } devices were submitted;
} { $left ->
    [one] { $left_n } device was not:
   *[other] { $left_n } devices were not:
} { $why } Select Register devices to submit the rest.

## The Assigned Users in the directory

user-not-found = Microsoft Entra ID has no user { $user }. Correct the Assigned User, or create the user, then upload the file again.
user-unlicensed = { $user } holds no licence that includes Intune. The device is registered, but assign the user one (Microsoft 365 E3, Intune Plan 1, …) before handing the device over: without it, Windows setup cannot enrol the device.

## Register devices: the fly-in

register-intro = Upload the CSV files with your devices' hardware hashes. They are checked here, in your browser, before anything is sent.
register-button = Register devices
close = Close
cancel = Cancel
# $done and $total written.
submitting = Submitting { $done } of { $total } devices…
submitted = { $count ->
    [one] { $n } device was submitted for registration with the { $profile } profile. It will be ready for its user in a few minutes.
   *[other] { $n } devices were submitted for registration with the { $profile } profile. They will be ready for their users in a few minutes.
}
checking-users = Checking the assigned users in Microsoft Entra ID: { $done } of { $total }…
users-not-checked = The assigned users could not be checked in Microsoft Entra ID, so they are registered as written. { $why }
users-partly-checked = Only { $checked } of { $total } assigned users could be checked in Microsoft Entra ID (the problems list what they showed); the others are registered as written. { $why }
users-over-limit = { $count ->
    [one] { $n } more assigned user was not checked in Microsoft Entra ID: the portal checks the first { $max }.
   *[other] { $n } more assigned users were not checked in Microsoft Entra ID: the portal checks the first { $max }.
}

## Register devices: the preview

preview-label = Upload preview
problems-caption = Problems found in the upload
column-severity = Severity
column-file = File
column-line = Line
column-serial = Serial number
column-problem = Problem and fix
severity-error = Error
severity-warning = Warning
problems-count = { $count ->
    [one] { $n } problem
   *[other] { $n } problems
}
export-problems = Export problems
problems-exported = { $count ->
    [one] Exported { $n } problem.
   *[other] Exported { $n } problems.
}
show-all-problems = Show all { $n } problems

## Device states, registration errors and profiles (spec §4–6)

state-pending = Registration Pending
state-failed = Registration failed
state-ready = Ready for user
state-active = Active
state-inactive = Inactive
error-device-not-found = Device not found
error-hash-not-valid = Hardware hash not valid
error-already-registered = Device already registered
error-claimed = Device claimed by another organization
error-unexpected = Unexpected error
fix-device-not-found = Check that manufacturer, model and serial number match the device's firmware exactly, or capture its hardware hash with Get-WindowsAutoPilotInfo and register it with the hash.
fix-hash-not-valid = Capture the hardware hash again on the device and upload the new file; do not edit the hash.
fix-already-registered = The device is already registered to your organisation; no action is needed. Remove this entry.
fix-claimed = The device is registered to another organisation. Ask your supplier to release it, then retry.
# $request: the request ID for support.
fix-unexpected = Retry the registration. If it fails again, contact support with request ID { $request }.
profile-standard = Standard
profile-sensitive-data = Sensitive data
profile-power-user = Power user
profile-kiosk = Kiosk
profile-standard-about = For most users. No local admin rights; external storage allowed.
profile-sensitive-data-about = For users handling sensitive data. AppLocker on; external storage blocked.
profile-power-user-about = For developers and IT. Local admin rights; external storage blocked; cannot be shared.
profile-kiosk-about = A shared device locked to one app. External storage blocked.

## The Devices workspace

breadcrumb-home = Home
breadcrumb-devices = Devices
breadcrumb-mmd = Microsoft Managed Desktop
breadcrumb = Breadcrumb
devices-title = Devices
devices-subtitle = Register new devices and follow them until their users sign in.
device-commands = Device commands
command-refresh = Refresh
command-refreshing = Refreshing…
# $time: the time of day, as the page writes it.
command-updated = Updated { $time }
command-export = Export
command-columns = Columns
command-demo = Demo controls
search = Search
search-placeholder = Serial number or user
state = State
all-states = All states
devices-by-state = Devices by state
# $count: devices (a number); $n: the same, written.
device-count = { $count ->
    [one] { $n } device
   *[other] { $n } devices
}
# $shown written; $total: all devices (a number), $total_n written.
device-count-of = { $total ->
    [one] { $shown } of { $total_n } device
   *[other] { $shown } of { $total_n } devices
}
devices-exported = { $count ->
    [one] Exported { $n } device.
   *[other] Exported { $n } devices.
}
no-devices-title = No devices yet
no-devices = Register your first devices: upload the CSV of hardware hashes your supplier sent, or the one Get-WindowsAutoPilotInfo wrote on each device.
no-match-title = No devices match
no-match = No device matches the search and state filter.
clear-filters = Clear filters
loading-devices = Loading devices…
load-failed = Devices could not be loaded.
try-again = Try again
# $serial: the device's serial number.
device-title = Device { $serial }
device = Device
pages = Pages
previous = Previous
next = Next
# $page and $pages written.
page-of = Page { $page } of { $pages }

## Register devices: the file field, pasted rows, the profile

file-upload = File upload
file-upload-hint = Choose or drop one or more .csv files (for example, hardwarehash.csv from Get-WindowsAutoPilotInfo). Several files are merged.
paste-summary = Paste rows instead of a file
paste-rows = Rows
paste-hint = One device per line: serial number, product ID and hardware hash, or manufacturer, model and serial number. A range copied from a spreadsheet works too, with or without its header row.
paste-check = Check pasted rows
paste-empty = Paste at least one row first.
paste-failed = The browser could not take the pasted rows; paste fewer rows, or save them as a .csv file and choose it.
# The name the pasted rows go by in the problems.
pasted-rows = pasted rows
device-profile = Device profile
select-profile = Select a profile

## The portal's frame

brand = Microsoft Endpoint Manager admin center
main-navigation = Main
nav-mmd = Microsoft Managed Desktop
nav-devices = Devices
nav-audit = Audit log

## The table and the details

never = Never
no-user = No user
# $month: one month, as the page's language writes it.
age-under = < { $month }
# Months without the browser's Intl (tests, tools).
months = { $count ->
    [one] { $n } month
   *[other] { $n } months
}
column-user = Assigned user
column-serial-number = Serial number
column-manufacturer = Manufacturer
column-model = Model
column-profile = Profile
column-state = State
column-last-seen = Last seen
column-age = Age

## A device's details

detail-serial = Serial number
detail-user = Assigned user
detail-manufacturer = Manufacturer
detail-model = Model
detail-profile = Profile
detail-group-tag = Group tag
detail-no-tag = None
detail-submitted = Submitted
detail-last-seen = Last seen
detail-age = Age
detail-source = Source
# $file and $line: where the row came from.
detail-source-line = { $file }, line { $line }
detail-from = From { $file }, line { $line }.
# $code and $name: Autopilot's error code and name.
autopilot-error = Autopilot error { $code } ({ $name }).
autopilot-details = Autopilot details
# $why: what failed.
could-not-read = Could not be read: { $why }
device-removed-here = This device was removed.
retry-registration = Retry registration
simulate-sign-in = Simulate user sign-in (demo)
signed-in-simulated = Simulated the user's sign-in: the device is Active.
registration-in-progress = Registration is in progress (usually under 10 minutes). The device can be removed or given another profile once it is done.
change-profile = Change profile
remove-device = Remove device
# $serial: the device's serial number.
remove-device-title = Remove device { $serial }?
remove-device-message = The device is deregistered from Windows Autopilot and disappears from this list. To use it with Managed Desktop again, you must register it again.
remove = Remove
change-profile-title = Change the profile of { $serial }?
# $profile: the new profile.
change-profile-message = Changing the profile to { $profile } re-images the device: everything on it is erased on its next start. Make sure the user has saved their work.
another-profile = another profile
change-profile-confirm = Change profile and re-image
device-was-removed = Device { $serial } was removed.
profile-changed = Profile changed to { $profile }. The device will be reset on its next start.
registration-resubmitted = Registration of { $serial } submitted again.

## Also

devices-table = Devices
select-page = Select all devices on this page
# $serial: a device's serial number.
select-device = Select { $serial }
reading-files = Reading files…
# $file: a file's name.
reading-file = Reading { $file }…
checking-file = Checking { $file }…
file-unreadable = { $file }: the browser could not read the file. Choose the file again.
# $size and $max: megabytes, written.
upload-too-large = These files hold { $size } MB; an upload can hold at most { $max } MB. Registration files are far smaller: check that you chose the right files, or split the upload.
submission-stopped = The submission was stopped.
