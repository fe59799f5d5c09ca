## How a file was read: its encoding and layout. The page shows these next to each file, the
## file reader and autopilot-check in their lines: they are in the catalogue every part links.

encoding-utf8 = UTF-8
encoding-utf8-bom = UTF-8 with BOM
encoding-utf16le-bom = UTF-16LE with BOM
encoding-utf16le = UTF-16LE
encoding-utf16be-bom = UTF-16BE with BOM
encoding-utf16be = UTF-16BE
encoding-windows-1252 = Windows-1252
layout-script = Get-WindowsAutoPilotInfo
layout-script-group-tag = Get-WindowsAutoPilotInfo with group tag
layout-intune-user = Intune import (group tag and assigned user)
layout-partner = partner (manufacturer and model)
layout-legacy = legacy Managed Desktop
layout-tuple = manufacturer, model, serial (no hash)
layout-tuple-no-header = manufacturer, model, serial without a header
layout-script-no-header = serial, product ID, hash without a header
layout-other = custom column order
