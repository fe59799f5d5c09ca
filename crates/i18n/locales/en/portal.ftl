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
column-code = Code
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
problems-file = problems
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
# The name of an export (before its date).
devices-file = devices
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
choose-files = Choose files
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
# The browser tab: $page, the page shown.
tab-title = { $page } - Microsoft Managed Desktop
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

## Demo controls

demo-intro = These controls exist only in the demo service. They let a review see every state without waiting days.
demo-users = Users
demo-users-about = Simulate a first sign-in on a device from its details (select its serial number), or on every device that is Ready for user:
demo-none-ready = No device is Ready for user.
demo-signed-in = { $count ->
    [one] Simulated the first sign-in on { $n } device: it is Active.
   *[other] Simulated the first sign-in on { $n } devices: they are Active.
}
demo-sign-in-all = Sign in on all Ready for user devices
demo-clock = Clock
demo-clock-about = Active devices become Inactive after 7 days without use.
demo-clock-moved = The clock moved 7 days forward.
demo-advance-clock = Advance the clock 7 days
demo-faults = Faults
demo-faults-label = Registrations that fail with Unexpected error
demo-inject-faults = Inject faults
demo-faults-injected = { $count ->
    [0] No registration will fail with Unexpected error.
    [one] The next registration will fail with Unexpected error.
   *[other] The next { $n } registrations will fail with Unexpected error.
}
demo-scale = Scale
demo-seed-label = Devices to add, in every state
demo-add-devices = Add devices
demo-seed-none = Enter how many devices to add.
demo-seeded = { $count ->
    [one] Added { $n } device in every state.
   *[other] Added { $n } devices in every state.
}
demo-data = Data
demo-data-about = Throw away every change and start again from the seeded Contoso tenant.
demo-reset = Reset demo data
demo-reset-title = Reset demo data?
demo-reset-message = Every device you registered or changed is deleted, and the demo tenant is seeded again.
demo-reset-confirm = Reset
demo-was-reset = Demo data was reset.

## The account, sign-in and the session

demo-tenant-button = Demo tenant · no sign-in
demo-tenant = Demo tenant
demo-tenant-about = Nobody signs in to the demo tenant.
# $name: the signed-in person's name.
account-manager = Account manager for { $name }
account = Account
# $role: the role's name.
account-role = Role: { $role }
sign-out = Sign out
role-administrator = Administrator
role-reader = Reader
role-reader-why-not = Readers can view and export devices. Ask an administrator to make this change.
checking-role = Checking what your account may do…
session-expired = Your session has expired.
session-expired-go-on = Sign in again to go on: everything on this page, a file in the fly-in included, stays as it is.
signing-in = Signing in…
sign-in-again = Sign in again
sign-in = Sign in
signed-out = You are signed out.
sign-in-failed = Sign-in did not work
sign-in-completing = Completing sign-in… This window closes by itself.
loading = Loading…
language-not-kept = The browser did not keep the language choice (its storage is off or full), so the page stays in this language. Allow this site to store data, then choose again.

## The connection to the registration service

waiting-busy = The registration service is busy and asked the portal to wait.
waiting-unreachable = The registration service cannot be reached.
trying-again-now = Trying again now
# $seconds written.
trying-again-in = Trying again in { $seconds } s
trying-again-shortly = Trying again shortly
# $attempt and $max written.
waiting-attempt = (attempt { $attempt } of { $max }). Nothing is lost: the request is sent again automatically.
stale = The list may be out of date.
# $time: the time of day.
stale-since = It shows the devices as they were at { $time }.
unreadable = { $count ->
    [one] { $n } device could not be shown because its data cannot be read. It was kept, not deleted: { $first }
   *[other] { $n } devices could not be shown because their data cannot be read. They were kept, not deleted. The first: { $first }
}
# $why: what the browser or the service said.
error-storage = The browser could not save the data: { $why }
error-unavailable = The registration service is not available: { $why }
error-sign-in = Sign in again to continue: { $why }

## The audit log

audit-title = Audit log
audit-subtitle = Every change to the tenant's devices: who made it, what it changed and when. Newest first.
audit-initiated-by = Initiated by
apply = Apply
audit-failed = The audit log could not be loaded.
audit-empty-title = No changes recorded
audit-empty = Registrations, removals, profile changes, retries and demo actions appear here as they are made.
audit-no-targets = None
audit-actor-placeholder = user@contoso.com
audit-caption = Audit events, newest first
audit-date = Date
audit-activity = Activity
audit-targets = Target devices
audit-details = Details
audit-older = Load older changes
audit-loading = Loading the audit log…
audit-devices = { $count ->
    [one] { $n } device:
   *[other] { $n } devices:
}
activity-import = Registered devices
activity-remove = Removed devices
activity-change-profile = Changed profile
activity-retry = Retried registration
activity-assign-user = Assigned user
activity-demo-sign-in = Demo: users signed in
activity-demo-clock = Demo: clock advanced
activity-demo-faults = Demo: failures injected
activity-demo-reset = Demo: data reset
activity-demo-seed = Demo: devices added
# $why: what failed.
account-unreadable = Your account could not be read, so changes stay off: { $why } Reload the page to try again.
# $why: what the browser said.
provider-unreachable = The sign-in provider cannot be reached: { $why }.
provider-unreachable-now = The sign-in provider cannot be reached. Try again in a moment.
service-refuses-provider = The registration service does not accept the sign-in this provider gives (its --auth-issuer and --auth-audience must match the portal's auth settings).
service-refused-sign-in = The registration service did not accept your sign-in.
sign-in-not-renewed = Your sign-in could not be renewed.
sign-in-not-kept = The browser does not let the portal keep the sign-in in this tab (sessionStorage). Allow site data for this portal.
popup-blocked = The browser blocked the sign-in window. Allow pop-ups for this portal, then choose Sign in again.
popup-no-answer = The sign-in window came back without an answer.
no-random = This browser cannot make the random values sign-in needs.
# $why: the provider's own words.
provider-said = The sign-in provider said: { $why }
answer-not-ours = The sign-in answer does not belong to this sign-in. Sign in again.

## Bulk actions

bulk-remove = Remove
bulk-change-profile = Change profile
bulk-retry = Retry registration
bulk-assign-user = Assign user
selected-devices = Selected devices
# $done written; $total: a number, $total_n written.
bulk-working = { $total ->
    [one] Working… { $done } of { $total_n } device done.
   *[other] Working… { $done } of { $total_n } devices done.
}
all-matching-selected = { $count ->
    [one] The { $n } matching device is selected.
   *[other] All { $n } matching devices are selected.
}
selected = { $count ->
    [one] { $n } device selected.
   *[other] { $n } devices selected.
}
# $hidden written.
selected-hidden = { $count ->
    [one] { $n } device selected, { $hidden } of them not shown by this search or filter.
   *[other] { $n } devices selected, { $hidden } of them not shown by this search or filter.
}
select-all-matching = { $count ->
    [one] Select the { $n } matching device
   *[other] Select all { $n } matching devices
}
clear-selection = Clear selection
bulk-remove-title = Remove devices?
bulk-change-profile-title = Change profile
bulk-retry-title = Retry registrations?
bulk-assign-user-title = Assign user
bulk-type-user = Type the user principal name of the user these devices are for.
bulk-nothing-changes = None of the selected devices would change.
# $count: devices the action changes (a number); $selected_n: all selected, written.
bulk-will-remove = { $count ->
    [one] { $n } device will be removed from your organisation. This cannot be undone: to use it again, register it again.
   *[other] { $n } devices will be removed from your organisation. This cannot be undone: to use them again, register them again.
}
bulk-will-remove-of = { $count ->
    [one] { $n } of the { $selected_n } selected devices will be removed from your organisation. This cannot be undone: to use it again, register it again.
   *[other] { $n } of the { $selected_n } selected devices will be removed from your organisation. This cannot be undone: to use them again, register them again.
}
bulk-will-change-profile = { $count ->
    [one] { $n } device will get the { $profile } profile and be reset on its next start.
   *[other] { $n } devices will get the { $profile } profile and be reset on their next start.
}
bulk-will-change-profile-of = { $count ->
    [one] { $n } of the { $selected_n } selected devices will get the { $profile } profile and be reset on its next start.
   *[other] { $n } of the { $selected_n } selected devices will get the { $profile } profile and be reset on their next start.
}
bulk-will-retry = { $count ->
    [one] { $n } device will be submitted for registration again.
   *[other] { $n } devices will be submitted for registration again.
}
bulk-will-retry-of = { $count ->
    [one] { $n } of the { $selected_n } selected devices will be submitted for registration again.
   *[other] { $n } of the { $selected_n } selected devices will be submitted for registration again.
}
bulk-will-assign = { $count ->
    [one] { $n } device will be assigned to { $user }.
   *[other] { $n } devices will be assigned to { $user }.
}
bulk-will-assign-of = { $count ->
    [one] { $n } of the { $selected_n } selected devices will be assigned to { $user }.
   *[other] { $n } of the { $selected_n } selected devices will be assigned to { $user }.
}
# $why: the reason; $serials: a few serial numbers.
bulk-skipped-reason = { $count ->
    [one] { $n } device: { $why } ({ $serials })
   *[other] { $n } devices: { $why } ({ $serials })
}
bulk-skipped = { $count ->
    [one] { $n } device is skipped:
   *[other] { $n } devices are skipped:
}
bulk-run-remove = { $count ->
    [one] Remove { $n } device
   *[other] Remove { $n } devices
}
bulk-run-retry = { $count ->
    [one] Retry { $n } device
   *[other] Retry { $n } devices
}
bulk-run-change-profile = { $count ->
    [one] Change { $n } device
   *[other] Change { $n } devices
}
bulk-run-assign = { $count ->
    [one] Assign { $n } device
   *[other] Assign { $n } devices
}
bulk-profile = Profile
bulk-user = User principal name
bulk-user-placeholder = name@contoso.com
bulk-not-changed = { $count ->
    [one] { $n } device was not changed:
   *[other] { $n } devices were not changed:
}
and-more = and { $n } more
# $why: why the request failed.
bulk-unknown = { $count ->
    [one] For { $n } device it is not known whether it changed: { $why } The table was read again and shows what the service has.
   *[other] For { $n } devices it is not known whether they changed: { $why } The table was read again and shows what the service has.
}
bulk-not-sent = { $count ->
    [one] { $n } device was not changed: { $why }
   *[other] { $n } devices were not changed: { $why }
}
dismiss = Dismiss
skip-pending-remove = its registration is still pending; remove it once it is decided
skip-pending-profile = its registration is still pending, with the profile it was sent with
skip-same-profile = it has this profile already
skip-not-failed = only a failed registration is retried
skip-profile-gone = its profile is no longer enabled; change its profile, then retry
skip-pending-user = its registration is still pending, with the user it was sent with
skip-same-user = it is assigned to this user already
bulk-removed = { $count ->
    [one] Removed { $n } device.
   *[other] Removed { $n } devices.
}
bulk-profile-changed = { $count ->
    [one] Changed the profile of { $n } device to { $profile }.
   *[other] Changed the profile of { $n } devices to { $profile }.
}
bulk-retried = { $count ->
    [one] Submitted { $n } registration again.
   *[other] Submitted { $n } registrations again.
}
bulk-assigned = { $count ->
    [one] Assigned { $n } device to { $user }.
   *[other] Assigned { $n } devices to { $user }.
}
bulk-already = { $count ->
    [one] { $n } device was already so.
   *[other] { $n } devices were already so.
}

## The service's refusals

refusal-not-found = The device no longer exists; refresh the list.
refusal-pending-remove = A device cannot be removed while its registration is pending. Wait until it is done.
refusal-pending-profile = The profile cannot change while the registration is pending.
refusal-pending-user = The user cannot change while the registration is pending.
refusal-only-failed = Only a failed registration can be retried.
refusal-only-registered = Only a registered device can be signed in to.
# $serial: the device's serial number.
refusal-not-registered = Device { $serial } is not registered yet, so nobody can sign in to it; nothing was changed.
# $profile: the profile's name.
refusal-profile-not-enabled = The { $profile } profile is not enabled for this organisation.
refusal-profile-gone = The { $profile } profile is no longer enabled for this organisation: change the device's profile, then retry.
refusal-only-registered-changed = Only a registered device's profile or user can be changed.
refusal-sync-running = Intune is syncing with Autopilot already. Devices show their profile once it is done.
# $minutes: a number.
refusal-sync-too-soon = { $minutes ->
    [one] Autopilot takes one sync request every 10 minutes, and the last was less than 10 minutes ago. Try again in { $minutes } minute.
   *[other] Autopilot takes one sync request every 10 minutes, and the last was less than 10 minutes ago. Try again in { $minutes } minutes.
}
refusal-syncs-itself = This service syncs with Autopilot by itself.

## A user to assign to registered devices

# $user: what was typed; $why: what is wrong with it.
assign-malformed = "{ $user }" is not a user principal name: { $why }. Write it as name@yourdomain.com.
upn-blanks = it has blanks before or after it
upn-no-at = it has no @
upn-local-length = the part before @ is empty or too long
upn-local-characters = the part before @ has characters a user name cannot have
upn-domain = the part after @ is not a domain name
# $domain: the user's domain; $domains: the organisation's.
assign-unknown-domain = "{ $user }" is in { $domain }, which is not one of your organisation's domains ({ $domains }). A wrong user can lock the devices out: use an address in one of them.

## A real tenant's Autopilot: the sync and group tags

# $time: when it was asked for, as the browser writes it.
sync-running = Intune is syncing with Autopilot (asked for { $time }).
sync-running-now = Intune is syncing with Autopilot (asked for just now).
sync-last = Last sync with Autopilot: { $time }.
sync-never = Intune has not synced with Autopilot yet.
sync-planned = New devices reached Autopilot: the portal asks for a sync at { $time }.
sync-next = Autopilot takes the next sync request at { $time }.
sync-limit = Autopilot takes one sync request every 10 minutes.
sync-now = Sync now
sync-asked = Sync asked for. Intune syncs with Autopilot in a few minutes; new devices then get their profiles.
# $serial: a device's serial number; $tag: its group tag.
serial-no-tag = { $serial } (no tag)
serial-tag = { $serial } ({ $tag })
# $n: how many more, written.
n-more = { $n } more
# $done and $total written.
tagging = Tagging: { $done } of { $total }…
tag-them = Tag them…
# $names: a few serial numbers.
missing-tags = { $count ->
    [one] { $n } device is in no profile's group: { $names }.
   *[other] { $n } devices are in no profile's group: { $names }.
}
missing-tags-why = Their group tag is none of the profiles' tags (someone may have changed it in Intune), so the tenant's dynamic groups and Autopilot profiles do not reach them.
tag-title = { $count ->
    [one] Tag { $n } device?
   *[other] Tag { $n } devices?
}
# $names: serial numbers with their tags now.
tag-message = Each gets the group tag of the profile the table shows for it, in place of the tag it has: { $names }. A tag that is no profile's shows as Standard, so these get Standard's tag (Microsoft365Managed_Autopilot unless config.json says otherwise); change a device's profile afterwards if it should have another.
tag-confirm = { $count ->
    [one] Tag { $n } device
   *[other] Tag { $n } devices
}
tags-added = { $count ->
    [one] Group tag added to { $n } device.
   *[other] Group tag added to { $n } devices.
}
# $why: the first refusal.
tags-refused = { $count ->
    [one] { $n } device was not tagged: { $why }
   *[other] { $n } devices were not tagged: { $why }
}

## Help: how to get hardware hashes

hash-help = How do I get hardware hashes?
# $command: the command.
copy-command = Copy command: { $command }
copy = Copy
copied = Copied
hash-supplier = From your supplier.
hash-supplier-about = Ask your device manufacturer or reseller for an Autopilot registration file. A partner registered in Partner Center can also register the devices for you; then there is nothing to upload here.
hash-powershell = With PowerShell on each device.
hash-powershell-about = In an elevated PowerShell window, install the script, then write the device's hash to a CSV file:
hash-many-files = Files from many devices can be uploaded together; there is no need to merge them first.
hash-flash-drive = With a flash drive on new devices.
hash-flash-drive-about = Start the new device but do not go through Windows setup. At the first setup screen, press Shift+F10 to open a command prompt, run the script from the USB drive, then turn the device off:
hash-flash-drive-warning = Do not turn the device on again until its registration has completed. If it starts Windows setup before then, it will not get its Managed Desktop configuration and must be reset.

## Columns, downloads, the file reader

columns-shown = Columns shown in the table
columns-serial-always = The serial number is always shown: it names the device and opens its details. Export writes the columns shown.
download-failed = The browser did not start the download. Try again, or use another browser.
no-browser-window = The portal is not running in a browser window.
reader-not-started = This browser could not start the file reader. Reload the page; if that does not help, use a current version of Edge, Chrome or Firefox.
reader-not-loaded = the file reader could not be loaded
# $why: what the browser said.
reader-not-loaded-why = the file reader could not be loaded ({ $why })
# $why: what the browser said.
reader-stopped = the file reader stopped ({ $why })
files-not-read = The files could not be read: { $why }. Choose them again; if this happens again, reload the page.

## The audit log's details (recorded in English; shown in the page's language)

demo-actor = Demo administrator (no sign-in)
# $profile: the profile's name.
detail-profile-part = Profile: { $profile }
# $user: a user principal name.
detail-user-part = User: { $user }
# $named: a number, the devices named; $named_n and $refused_n written.
detail-refused-part = { $named ->
    [one] { $refused_n } of { $named_n } device not changed
   *[other] { $refused_n } of { $named_n } devices not changed
}
# $days: a number.
detail-advanced-part = { $days ->
    [one] Advanced { $days } day
   *[other] Advanced { $days } days
}
detail-faults-part = { $count ->
    [one] The next registration fails
   *[other] The next { $n } registrations fail
}
detail-seeded-part = { $count ->
    [one] { $n } synthetic device in every state
   *[other] { $n } synthetic devices in every state
}
# $removed and $seeded: numbers; $removed_n and $seeded_n written.
detail-reset-part = { $removed ->
    [one] { $removed_n } device removed
   *[other] { $removed_n } devices removed
}, { $seeded ->
    [one] { $seeded_n } demo device seeded
   *[other] { $seeded_n } demo devices seeded
}

## The portal's own words about its connections, its storage and config.json

# $url: the address; $attempts: a number; $error: what the browser said.
http-unreachable = { $url } could not be reached after { $attempts } attempts ({ $error }). Check that the server is running, then try again.
http-lost = the connection to { $url } failed ({ $error }), so it is not known whether the change was made. Refresh to see the current state before trying again.
# $request: the method and path.
http-unexpected-answer = the answer to { $request } is not what this portal expects ({ $error }). Is apiBase in config.json the registration API?
http-too-busy = it is still too busy after { $attempts } attempts, so the request was not sent. Wait a minute, then try again.
http-sign-in-refused = the service did not accept the sign-in.
# $status: the HTTP status.
http-refused = The service refused the request (HTTP { $status }).
http-failed = the service failed
# $message: what failed; $request: the service's request ID.
http-status = { $message } (HTTP { $status })
http-status-request = { $message } (HTTP { $status }, request ID { $request })
graph-sign-in-refused = Graph did not accept the sign-in.
graph-forbidden = Graph refused this (HTTP 403): the signed-in account or the app lacks the permission
# $said: Graph's own words.
graph-forbidden-said = Graph refused this (HTTP 403): the signed-in account or the app lacks the permission ({ $said })
graph-refused = Graph refused the request (HTTP { $status }).
graph-failed = Graph failed
# $why: what the browser said.
config-not-fetched = config.json could not be fetched ({ $why }). Reload the page.
config-unreadable = config.json could not be read. Reload the page.
graph-no-organisation = Graph names no organisation for this sign-in
# $serial: the device's serial number.
graph-import-lost = Graph holds no import of { $serial } after the answer was lost; register it again
# $n: how many devices, written.
http-bulk-other-devices = its answer to a change of { $n } devices names other devices; refresh to see what changed
http-bulk-unreadable = its answer to a change of many devices could not be read ({ $why }); refresh to see what changed
graph-no-demo = Demo controls change the demo service; this portal is connected to a real tenant.
graph-audit-elsewhere = A real tenant's audit log is in the Intune admin center: Tenant administration › Audit logs.
idb-blocked = another tab still has this portal's data open in an older version. Close or reload the portal's other tabs, then try again
idb-missing = this browser offers no IndexedDB (private mode?)
embedded-too-busy = other tabs kept changing the devices at the same moment; nothing was changed here. Try again
# $why: what could not be read; $reset: the Reset demo data button's name.
embedded-tenant-unreadable = the stored tenant settings cannot be read ({ $why }); nothing was changed. Use { $reset } only if you want to start again.

## What Graph says of a registered device, in its details

fact-autopilot-profile = Autopilot profile
fact-enrollment = Enrollment
fact-assigned = Assigned
fact-assigned-out-of-sync = Assigned; the device gets the change at its next contact
fact-assigned-unknown-sync = Assigned (whether the device has it is not known yet)
fact-not-assigned = Not assigned: no Autopilot profile targets a group with this device. Check its group tag and the tenant's dynamic groups.
fact-assigning = Being assigned
fact-assignment-failed = Assignment failed
fact-unknown = Unknown
fact-enrolled = Enrolled
fact-pending-reset = Pending reset
fact-enrollment-failed = Failed
fact-not-contacted = Not contacted yet
