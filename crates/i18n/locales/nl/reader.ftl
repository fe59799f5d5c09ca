## De bestandslezer: wat er mis is met een upload en hoe u het oplost, één bericht per probleem.
## Kolomnamen (Device Serial Number, Hardware Hash, …) en namen van hulpprogramma's staan zoals
## de bestanden en programma's ze schrijven, in elke taal.

## Bestanden

file-empty = Het bestand is leeg. Exporteer de apparaten opnieuw met Get-WindowsAutoPilotInfo en upload het nieuwe bestand.
file-binary = Dit is geen CSV-bestand: het bevat binaire gegevens. Upload het .csv-bestand dat Get-WindowsAutoPilotInfo of uw leverancier heeft gemaakt.
file-broken-utf8 = Het bestand zegt UTF-8 te zijn, maar byte { $offset } is dat niet: het is beschadigd. Exporteer het opnieuw, of open het in Kladblok en sla het op als UTF-8.
file-only-blank = Het bestand bevat alleen lege regels. Exporteer de apparaten opnieuw met Get-WindowsAutoPilotInfo en upload het nieuwe bestand.
file-no-rows = Het bestand heeft een kopregel maar geen apparaatregels. Controleer of u het juiste bestand hebt geüpload.
file-no-header = Er is geen kopregel gevonden. Het bestand moet beginnen met `{ $header }` (de kolommen die Get-WindowsAutoPilotInfo schrijft) of een andere gedocumenteerde kopregel.
file-unknown-header = Regel { $line } is geen kopregel die we kennen. Het bestand moet beginnen met `{ $header }` (de kolommen die Get-WindowsAutoPilotInfo schrijft) of een andere gedocumenteerde kopregel. Voeg de kopregel toe, of exporteer het bestand opnieuw.
column-unknown = De kolom "{ $column }" kent de service niet; de waarden erin worden genegeerd. Verwijder de kolom om deze waarschuwing niet meer te zien.
header-normalised = De kopregel is niet precies zo gespeld als gedocumenteerd; gelezen is { $renamed }. De importpagina van Intune zelf let op hoofdletters, dus verbeter de kopregel als u het bestand ook daar uploadt.
header-renamed = "{ $raw }" als "{ $name }"
column-missing = De kopregel heeft geen kolom "{ $column }", dus geen enkel apparaat in dit bestand kan worden gelezen. Verwacht wordt `{ $header }`; exporteer het bestand opnieuw of voeg de kolom toe.
header-repeated = { $count ->
    [one] De kopregel staat nog eens op regel { $lines }, zoals gebeurt als bestanden achter elkaar zijn geplakt. Die regel is overgeslagen; verder hoeft u niets te doen.
   *[other] De kopregel staat nog eens op de regels { $lines }, zoals gebeurt als bestanden achter elkaar zijn geplakt. Die regels zijn overgeslagen; verder hoeft u niets te doen.
}
list-and-more = { $list } en nog { $n }
blank-lines = { $count ->
    [one] { $n } lege regel is overgeslagen; verder hoeft u niets te doen.
   *[other] { $n } lege regels zijn overgeslagen; verder hoeft u niets te doen.
}

## Regels

wrong-field-count = Deze regel heeft { $count } velden, maar de kopregel heeft er { $expected }. Er ontbreekt een komma of er staat er een te veel; vergelijk de regel met de kopregel `{ $header }`.
unclosed-quote = Een aanhalingsteken dat in { $column } wordt geopend, wordt op deze regel niet gesloten. Verwijder het losse " of sluit het.
field-too-long = { $column } is { $length } tekens lang; geen echte waarde is langer dan { $max }. De regel is waarschijnlijk beschadigd: exporteer dit apparaat opnieuw.
field-named = het veld "{ $name }"
field-named-start = Het veld "{ $name }"
field-numbered = veld { $number }
field-numbered-start = Veld { $number }
missing-hash = De hardware-hash is leeg. Voer Get-WindowsAutoPilotInfo opnieuw uit op dit apparaat en kopieer de hele waarde van Hardware Hash.
hash-bad-character = De hardware-hash is geen base64: teken { $position } ({ $character }) is niet toegestaan.
hash-truncated = De hardware-hash is geen base64: aan de lengte is te zien dat hij is afgekapt.
hash-bad-padding = De hardware-hash is geen base64: de opvulling met '=' klopt niet.
hash-damaged-signature = De hardware-hash is beschadigd: hij begint niet met de OA3-handtekening.
hash-damaged-length = De hardware-hash is beschadigd: het lengteveld wijst voorbij het einde.
hash-damaged-record-header = De hardware-hash is beschadigd: een recordkop loopt door tot voorbij het recordblok.
hash-damaged-record-length = De hardware-hash is beschadigd: de lengte van een record past niet in het recordblok.
hash-damaged-trailer = De hardware-hash is beschadigd: de CS-afsluiting ontbreekt.
hash-checksum-mismatch = De controlesom van de hardware-hash past niet bij de inhoud: de hash is gewijzigd of afgekapt.
hash-missing-serial = De hardware-hash bevat geen serienummer.
hash-missing-manufacturer = De hardware-hash bevat geen fabrikant.
hash-fix-capture = Lees de hash opnieuw uit op het apparaat met Get-WindowsAutoPilotInfo en kopieer de hele waarde; bewerk hem niet.
hash-fix-firmware = De firmware van het apparaat (SMBIOS) mist dit gegeven: vraag de fabrikant het in te stellen en lees de hash daarna opnieuw uit.
hash-padding-fixed = De hardware-hash miste de opvulling met '=' aan het einde (een editor of kopie heeft die weggeknipt); die is toegevoegd, zodat de hash wordt geaccepteerd.
device-info-mismatch = De regel zegt { $row }, maar de hardware-hash zegt { $hash }; de waarden uit de hash worden gebruikt. Controleer of de regel bij dit apparaat hoort.
tuple-missing-manufacturer = De fabrikant is leeg. Een regel zonder hardware-hash moet fabrikant, model en serienummer geven, precies zoals de firmware van het apparaat ze meldt.
tuple-missing-model = Het model is leeg. Een regel zonder hardware-hash moet fabrikant, model en serienummer geven, precies zoals de firmware van het apparaat ze meldt.
serial-placeholder = De machine meldt "{ $placeholder }" in plaats van een serienummer: ze heeft er geen, en elke machine zonder serienummer zou als hetzelfde apparaat worden geregistreerd. Geef haar er een en lees de hash daarna opnieuw uit: bij een virtuele machine in haar instellingen (Hyper-V en VMware stellen er standaard een in; voeg bij QEMU of Proxmox -smbios type=1,serial=<serienummer> toe), bij een fysiek apparaat in de firmware (het BIOS-hulpprogramma van de fabrikant).
serial-blank-in-hash = Het serienummer is leeg. Volgens de hardware-hash is het "{ $serial }"; kopieer dat naar de kolom met het serienummer.
serial-blank = Het serienummer is leeg. Lees het af van het label van het apparaat of uit de firmware (wmic bios get serialnumber).
serial-whitespace = Het serienummer "{ $serial }" heeft spaties ervoor of erachter. Het wordt precies zo bewaard als het er staat; verwijder de spaties, tenzij de firmware van het apparaat ze echt heeft.
serial-excel-mangled = Het serienummer "{ $serial }" ziet eruit alsof Excel er een getal van heeft gemaakt. Open de oorspronkelijke export in een teksteditor, niet in Excel, en kopieer het echte serienummer.
serial-mismatch-zeros = De kolom met het serienummer zegt "{ $serial }", maar de hardware-hash zegt "{ $hash }". De voorloopnullen zijn verloren gegaan, waarschijnlijk door Excel. Controleer de regel voordat u registreert.
serial-mismatch = De kolom met het serienummer zegt "{ $serial }", maar de hardware-hash zegt "{ $hash }". Mogelijk haalt de regel twee apparaten door elkaar. Controleer de regel voordat u registreert.
user-malformed-blanks = "{ $user }" is geen user principal name: er staan spaties voor of achter. Schrijf het als naam@uwdomein.nl, of laat de cel leeg.
user-malformed-no-at = "{ $user }" is geen user principal name: er staat geen @ in. Schrijf het als naam@uwdomein.nl, of laat de cel leeg.
user-malformed-local-length = "{ $user }" is geen user principal name: het deel voor de @ is leeg of te lang. Schrijf het als naam@uwdomein.nl, of laat de cel leeg.
user-malformed-local-characters = "{ $user }" is geen user principal name: het deel voor de @ bevat tekens die een gebruikersnaam niet kan hebben. Schrijf het als naam@uwdomein.nl, of laat de cel leeg.
user-malformed-domain = "{ $user }" is geen user principal name: het deel na de @ is geen domeinnaam. Schrijf het als naam@uwdomein.nl, of laat de cel leeg.
user-unknown-domain = "{ $user }" hoort bij { $domain }, en dat is geen domein van uw organisatie ({ $domains }). Een verkeerde gebruiker kan het apparaat blokkeren: verbeter het adres of laat de cel leeg.
group-tag-replaced = De groepstag "{ $tag }" wordt vervangen door { $managed }: Managed Desktop kent elk apparaat dat het registreert zijn vaste tag toe.
duplicate-device = Dit is hetzelfde apparaat ({ $device }) als op regel { $line }. Verwijder een van de twee regels; de service weigert een apparaat dat twee keer voorkomt.
duplicate-device-in-file = Dit is hetzelfde apparaat ({ $device }) als op regel { $line } van { $file }. Verwijder een van de twee regels; de service weigert een apparaat dat twee keer voorkomt.

## autopilot-check, de opdrachtregel

check-file = { $file }: { $encoding }, { $layout }; { $devices } van { $rows } regels kunnen worden geregistreerd
check-unreadable = onleesbaar
check-no-header = geen kopregel herkend
check-summary = { $devices ->
    [one] 1 apparaat klaar om te registreren
   *[other] { $devices } apparaten klaar om te registreren
}; { $errors ->
    [one] 1 fout
   *[other] { $errors } fouten
}, { $warnings ->
    [one] 1 waarschuwing
   *[other] { $warnings } waarschuwingen
}.
check-cannot-read = kan { $path } niet lezen: { $error }
