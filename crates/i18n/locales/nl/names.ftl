## Hoe een bestand is gelezen: de codering en de indeling. De pagina toont ze bij elk bestand,
## de bestandslezer en autopilot-check in hun regels: ze staan in de catalogus die elk deel koppelt.

encoding-utf8 = UTF-8
encoding-utf8-bom = UTF-8 met BOM
encoding-utf16le-bom = UTF-16LE met BOM
encoding-utf16le = UTF-16LE
encoding-utf16be-bom = UTF-16BE met BOM
encoding-utf16be = UTF-16BE
encoding-windows-1252 = Windows-1252
layout-script = Get-WindowsAutoPilotInfo
layout-script-group-tag = Get-WindowsAutoPilotInfo met groepstag
layout-intune-user = Intune-import (groepstag en toegewezen gebruiker)
layout-partner = partner (fabrikant en model)
layout-legacy = oud Managed Desktop-formaat
layout-tuple = fabrikant, model, serienummer (zonder hash)
layout-tuple-no-header = fabrikant, model, serienummer zonder kopregel
layout-script-no-header = serienummer, product-id, hash zonder kopregel
layout-other = eigen kolomvolgorde
