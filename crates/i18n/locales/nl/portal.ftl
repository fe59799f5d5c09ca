## De portal. Aantallen komen twee keer: $count, een getal dat het meervoud kiest, en $n, hetzelfde
## aantal zoals de taal van de pagina het schrijft (10,000 in het Engels, 10.000 in het Nederlands).

## Taal

language = Taal
language-note = De pagina wordt opnieuw geladen in de taal die u kiest.

## Apparaten registreren: het bestandsveld, het voorbeeld, de hint

chosen-file = Gekozen: { $name }
chosen-files = Gekozen: { $n } bestanden: { $names }
names-and-more = { $names } en nog { $n }
preview-devices = { $count ->
    [one] { $n } apparaat wordt geregistreerd.
   *[other] { $n } apparaten worden geregistreerd.
}
preview-left-out = { $count ->
    [one] { $n } regel met fouten wordt overgeslagen.
   *[other] { $n } regels met fouten worden overgeslagen.
}
preview-unusable = Sommige bestanden konden helemaal niet worden gelezen.
preview-warnings = { $count ->
    [one] { $n } waarschuwing om na te kijken.
   *[other] { $n } waarschuwingen om na te kijken.
}
file-line = { $encoding }, { $layout }: { $devices } van { $rows } regels
file-line-no-header = { $encoding }: geen kopregel herkend
file-line-unreadable = kon niet worden gelezen
hint-no-file = Upload een bestand om verder te gaan.
hint-checking-users = Even geduld: de toegewezen gebruikers worden gecontroleerd in Microsoft Entra ID.
hint-nothing = Geen enkel apparaat in deze bestanden kan worden geregistreerd.
hint-profile = Selecteer een apparaatprofiel om verder te gaan.
hint-ready = { $count ->
    [one] { $n } apparaat wordt geregistreerd.
   *[other] { $n } apparaten worden geregistreerd.
}
stopped = { $submitted ->
    [one] { $submitted_n } apparaat is ingediend;
   *[other] { $submitted_n } apparaten zijn ingediend;
} { $left ->
    [one] { $left_n } apparaat niet:
   *[other] { $left_n } apparaten niet:
} { $why } Selecteer Apparaten registreren om de rest in te dienen.

## De toegewezen gebruikers in de directory

user-not-found = Microsoft Entra ID heeft geen gebruiker { $user }. Verbeter de toegewezen gebruiker, of maak de gebruiker aan, en upload het bestand daarna opnieuw.
user-unlicensed = { $user } heeft geen licentie waar Intune in zit. Het apparaat wordt geregistreerd, maar geef de gebruiker er een (Microsoft 365 E3, Intune Plan 1, …) voordat u het apparaat overdraagt: zonder licentie kan Windows Setup het apparaat niet inschrijven.

## Apparaten registreren: het uitschuifvenster

register-intro = Upload de CSV-bestanden met de hardware-hashes van uw apparaten. Ze worden hier in uw browser gecontroleerd voordat er iets wordt verzonden.
register-button = Apparaten registreren
close = Sluiten
cancel = Annuleren
submitting = { $done } van { $total } apparaten indienen…
submitted = { $count ->
    [one] { $n } apparaat is ingediend voor registratie met het profiel { $profile }. Het is over een paar minuten klaar voor de gebruiker.
   *[other] { $n } apparaten zijn ingediend voor registratie met het profiel { $profile }. Ze zijn over een paar minuten klaar voor hun gebruikers.
}
checking-users = De toegewezen gebruikers worden gecontroleerd in Microsoft Entra ID: { $done } van { $total }…
users-not-checked = De toegewezen gebruikers konden niet worden gecontroleerd in Microsoft Entra ID, dus ze worden geregistreerd zoals ze er staan. { $why }
users-partly-checked = Slechts { $checked } van de { $total } toegewezen gebruikers konden worden gecontroleerd in Microsoft Entra ID (de problemen tonen wat dat opleverde); de andere worden geregistreerd zoals ze er staan. { $why }
users-over-limit = { $count ->
    [one] Nog { $n } toegewezen gebruiker is niet gecontroleerd in Microsoft Entra ID: de portal controleert de eerste { $max }.
   *[other] Nog { $n } toegewezen gebruikers zijn niet gecontroleerd in Microsoft Entra ID: de portal controleert de eerste { $max }.
}

## Apparaten registreren: het voorbeeld

preview-label = Voorbeeld van de upload
problems-caption = Problemen in de upload
column-severity = Ernst
column-file = Bestand
column-line = Regel
column-serial = Serienummer
column-code = Code
column-problem = Probleem en oplossing
severity-error = Fout
severity-warning = Waarschuwing
problems-count = { $count ->
    [one] { $n } probleem
   *[other] { $n } problemen
}
export-problems = Problemen exporteren
problems-exported = { $count ->
    [one] { $n } probleem geëxporteerd.
   *[other] { $n } problemen geëxporteerd.
}
problems-file = problemen
show-all-problems = Alle { $n } problemen tonen

## Apparaatstatussen, registratiefouten en profielen (spec §4–6)

state-pending = Registratie in behandeling
state-failed = Registratie is mislukt
state-ready = Klaar voor gebruiker
state-active = Actief
state-inactive = Inactief
error-device-not-found = Apparaat niet gevonden
error-hash-not-valid = Hardware-hash niet geldig
error-already-registered = Apparaat is al geregistreerd
error-claimed = Apparaat is geclaimd door een andere organisatie
error-unexpected = Onverwachte fout
fix-device-not-found = Controleer of fabrikant, model en serienummer precies overeenkomen met de firmware van het apparaat, of lees de hardware-hash uit met Get-WindowsAutoPilotInfo en registreer het apparaat met de hash.
fix-hash-not-valid = Lees de hardware-hash opnieuw uit op het apparaat en upload het nieuwe bestand; bewerk de hash niet.
fix-already-registered = Het apparaat is al geregistreerd bij uw organisatie; u hoeft niets te doen. Verwijder deze vermelding.
fix-claimed = Het apparaat is geregistreerd bij een andere organisatie. Vraag uw leverancier het vrij te geven en probeer het daarna opnieuw.
fix-unexpected = Probeer de registratie opnieuw. Mislukt ze weer, neem dan contact op met de ondersteuning en vermeld aanvraag-id { $request }.
profile-standard = Standaard
profile-sensitive-data = Gevoelige gegevens
profile-power-user = Hoofdgebruiker
profile-kiosk = Kiosk
profile-standard-about = Voor de meeste gebruikers. Geen lokale beheerdersrechten; externe opslag toegestaan.
profile-sensitive-data-about = Voor gebruikers die met gevoelige gegevens werken. AppLocker aan; externe opslag geblokkeerd.
profile-power-user-about = Voor ontwikkelaars en IT. Lokale beheerdersrechten; externe opslag geblokkeerd; kan niet worden gedeeld.
profile-kiosk-about = Een gedeeld apparaat dat op één app is vergrendeld. Externe opslag geblokkeerd.

## De werkruimte Apparaten

breadcrumb-home = Start
breadcrumb-devices = Apparaten
breadcrumb-mmd = Microsoft Managed Desktop
breadcrumb = Kruimelpad
devices-title = Apparaten
devices-subtitle = Registreer nieuwe apparaten en volg ze tot hun gebruikers zich aanmelden.
device-commands = Apparaatopdrachten
command-refresh = Vernieuwen
command-refreshing = Vernieuwen…
command-updated = Bijgewerkt { $time }
command-export = Exporteren
command-columns = Kolommen
command-demo = Demobediening
search = Zoeken
search-placeholder = Serienummer of gebruiker
state = Status
all-states = Alle statussen
devices-by-state = Apparaten per status
device-count = { $count ->
    [one] { $n } apparaat
   *[other] { $n } apparaten
}
device-count-of = { $total ->
    [one] { $shown } van { $total_n } apparaat
   *[other] { $shown } van { $total_n } apparaten
}
devices-exported = { $count ->
    [one] { $n } apparaat geëxporteerd.
   *[other] { $n } apparaten geëxporteerd.
}
devices-file = apparaten
no-devices-title = Nog geen apparaten
no-devices = Registreer uw eerste apparaten: upload het CSV-bestand met hardware-hashes dat uw leverancier stuurde, of het bestand dat Get-WindowsAutoPilotInfo op elk apparaat schreef.
no-match-title = Geen apparaten gevonden
no-match = Geen enkel apparaat past bij de zoekopdracht en het statusfilter.
clear-filters = Filters wissen
loading-devices = Apparaten laden…
load-failed = De apparaten konden niet worden geladen.
try-again = Opnieuw proberen
device-title = Apparaat { $serial }
device = Apparaat
pages = Pagina's
previous = Vorige
next = Volgende
page-of = Pagina { $page } van { $pages }

## Apparaten registreren: het bestandsveld, geplakte regels, het profiel

file-upload = Bestand uploaden
file-upload-hint = Kies of sleep een of meer .csv-bestanden hierheen (bijvoorbeeld hardwarehash.csv van Get-WindowsAutoPilotInfo). Meerdere bestanden worden samengevoegd.
choose-files = Bestanden kiezen
paste-summary = Regels plakken in plaats van een bestand
paste-rows = Regels
paste-hint = Eén apparaat per regel: serienummer, product-id en hardware-hash, of fabrikant, model en serienummer. Een bereik gekopieerd uit een spreadsheet werkt ook, met of zonder kopregel.
paste-check = Geplakte regels controleren
paste-empty = Plak eerst minstens één regel.
paste-failed = De browser kon de geplakte regels niet overnemen; plak minder regels, of sla ze op als .csv-bestand en kies dat.
pasted-rows = geplakte regels
device-profile = Apparaatprofiel
select-profile = Selecteer een profiel

## Het kader van de portal

brand = Microsoft Endpoint Manager-beheercentrum
tab-title = { $page } - Microsoft Managed Desktop
main-navigation = Hoofdmenu
nav-mmd = Microsoft Managed Desktop
nav-devices = Apparaten
nav-audit = Auditlogboek

## De tabel en de details

never = Nooit
no-user = Geen gebruiker
age-under = < { $month }
months = { $count ->
    [one] { $n } maand
   *[other] { $n } maanden
}
column-user = Toegewezen gebruiker
column-serial-number = Serienummer
column-manufacturer = Fabrikant
column-model = Model
column-profile = Profiel
column-state = Status
column-last-seen = Laatst gezien
column-age = Leeftijd

## De details van een apparaat

detail-serial = Serienummer
detail-user = Toegewezen gebruiker
detail-manufacturer = Fabrikant
detail-model = Model
detail-profile = Profiel
detail-group-tag = Groepstag
detail-no-tag = Geen
detail-submitted = Ingediend
detail-last-seen = Laatst gezien
detail-age = Leeftijd
detail-source = Bron
detail-source-line = { $file }, regel { $line }
detail-from = Uit { $file }, regel { $line }.
autopilot-error = Autopilot-fout { $code } ({ $name }).
autopilot-details = Autopilot-gegevens
could-not-read = Kon niet worden gelezen: { $why }
device-removed-here = Dit apparaat is verwijderd.
retry-registration = Registratie opnieuw proberen
simulate-sign-in = Aanmelding van de gebruiker simuleren (demo)
signed-in-simulated = De aanmelding van de gebruiker is gesimuleerd: het apparaat is Actief.
registration-in-progress = De registratie is bezig (meestal minder dan 10 minuten). Het apparaat kan worden verwijderd of een ander profiel krijgen zodra ze klaar is.
change-profile = Profiel wijzigen
remove-device = Apparaat verwijderen
remove-device-title = Apparaat { $serial } verwijderen?
remove-device-message = De registratie van het apparaat bij Windows Autopilot wordt ongedaan gemaakt en het verdwijnt uit deze lijst. Om het weer met Managed Desktop te gebruiken, moet u het opnieuw registreren.
remove = Verwijderen
change-profile-title = Het profiel van { $serial } wijzigen?
change-profile-message = Als u het profiel wijzigt in { $profile }, wordt het apparaat opnieuw geïnstalleerd: alles erop wordt bij de volgende start gewist. Zorg dat de gebruiker zijn werk heeft opgeslagen.
another-profile = een ander profiel
change-profile-confirm = Profiel wijzigen en opnieuw installeren
device-was-removed = Apparaat { $serial } is verwijderd.
profile-changed = Profiel gewijzigd in { $profile }. Het apparaat wordt bij de volgende start opnieuw ingesteld.
registration-resubmitted = Registratie van { $serial } opnieuw ingediend.

## Verder

devices-table = Apparaten
select-page = Alle apparaten op deze pagina selecteren
select-device = { $serial } selecteren
reading-files = Bestanden lezen…
reading-file = { $file } lezen…
checking-file = { $file } controleren…
file-unreadable = { $file }: de browser kon het bestand niet lezen. Kies het bestand opnieuw.
upload-too-large = Deze bestanden zijn samen { $size } MB; een upload mag hoogstens { $max } MB zijn. Registratiebestanden zijn veel kleiner: controleer of u de juiste bestanden hebt gekozen, of splits de upload.
submission-stopped = Het indienen is gestopt.

## Demobediening

demo-intro = Deze bediening bestaat alleen in de demoservice. Hiermee ziet u elke status zonder dagen te hoeven wachten.
demo-users = Gebruikers
demo-users-about = Simuleer een eerste aanmelding op een apparaat vanuit de details ervan (selecteer het serienummer), of op elk apparaat dat Klaar voor gebruiker is:
demo-none-ready = Geen enkel apparaat is Klaar voor gebruiker.
demo-signed-in = { $count ->
    [one] Eerste aanmelding gesimuleerd op { $n } apparaat: het is Actief.
   *[other] Eerste aanmelding gesimuleerd op { $n } apparaten: ze zijn Actief.
}
demo-sign-in-all = Aanmelding simuleren op alle apparaten die Klaar voor gebruiker zijn
demo-clock = Klok
demo-clock-about = Actieve apparaten worden Inactief na 7 dagen zonder gebruik.
demo-clock-moved = De klok is 7 dagen vooruitgezet.
demo-advance-clock = Klok 7 dagen vooruitzetten
demo-faults = Fouten
demo-faults-label = Registraties die mislukken met Onverwachte fout
demo-inject-faults = Fouten injecteren
demo-faults-injected = { $count ->
    [0] Geen enkele registratie mislukt met Onverwachte fout.
    [one] De volgende registratie mislukt met Onverwachte fout.
   *[other] De volgende { $n } registraties mislukken met Onverwachte fout.
}
demo-scale = Schaal
demo-seed-label = Toe te voegen apparaten, in elke status
demo-add-devices = Apparaten toevoegen
demo-seed-none = Geef op hoeveel apparaten u wilt toevoegen.
demo-seeded = { $count ->
    [one] { $n } apparaat toegevoegd in elke status.
   *[other] { $n } apparaten toegevoegd in elke status.
}
demo-data = Gegevens
demo-data-about = Gooi alle wijzigingen weg en begin opnieuw met de vooraf gevulde Contoso-tenant.
demo-reset = Demogegevens opnieuw instellen
demo-reset-title = Demogegevens opnieuw instellen?
demo-reset-message = Elk apparaat dat u hebt geregistreerd of gewijzigd, wordt verwijderd en de demotenant wordt opnieuw gevuld.
demo-reset-confirm = Opnieuw instellen
demo-was-reset = De demogegevens zijn opnieuw ingesteld.

## Het account, aanmelden en de sessie

demo-tenant-button = Demotenant · geen aanmelding
demo-tenant = Demotenant
demo-tenant-about = Bij de demotenant meldt niemand zich aan.
account-manager = Accountbeheer voor { $name }
account = Account
account-role = Rol: { $role }
sign-out = Afmelden
role-administrator = Beheerder
role-reader = Lezer
role-reader-why-not = Lezers kunnen apparaten bekijken en exporteren. Vraag een beheerder om deze wijziging aan te brengen.
account-unreadable = Uw account kon niet worden gelezen, dus wijzigingen blijven uitgeschakeld: { $why } Laad de pagina opnieuw om het nog eens te proberen.
checking-role = Bezig met nagaan wat uw account mag doen…
session-expired = Uw sessie is verlopen.
session-expired-go-on = Meld u opnieuw aan om verder te gaan: alles op deze pagina, ook een bestand in het uitschuifvenster, blijft zoals het is.
signing-in = Bezig met aanmelden…
sign-in-again = Opnieuw aanmelden
sign-in = Aanmelden
signed-out = U bent afgemeld.
sign-in-failed = Aanmelden is niet gelukt
sign-in-completing = Aanmelden wordt voltooid… Dit venster sluit vanzelf.
provider-unreachable = De aanmeldingsprovider is niet bereikbaar: { $why }.
provider-unreachable-now = De aanmeldingsprovider is niet bereikbaar. Probeer het over een ogenblik opnieuw.
service-refuses-provider = De registratieservice accepteert de aanmelding van deze provider niet (de --auth-issuer en --auth-audience ervan moeten overeenkomen met de auth-instellingen van de portal).
service-refused-sign-in = De registratieservice heeft uw aanmelding niet geaccepteerd.
sign-in-not-renewed = Uw aanmelding kon niet worden vernieuwd.
sign-in-not-kept = De browser laat de portal de aanmelding in dit tabblad niet bewaren (sessionStorage). Sta sitegegevens toe voor deze portal.
popup-blocked = De browser heeft het aanmeldingsvenster geblokkeerd. Sta pop-ups toe voor deze portal en kies daarna Opnieuw aanmelden.
popup-no-answer = Het aanmeldingsvenster is gesloten zonder antwoord.
no-random = Deze browser kan de willekeurige waarden die nodig zijn om aan te melden, niet genereren.
provider-said = De aanmeldingsprovider zei: { $why }
answer-not-ours = Het aanmeldingsantwoord hoort niet bij deze aanmelding. Meld u opnieuw aan.
loading = Bezig met laden…
language-not-kept = De browser heeft de taalkeuze niet bewaard (de opslag staat uit of is vol), dus de pagina blijft in deze taal. Sta toe dat deze site gegevens opslaat en kies opnieuw.

## De verbinding met de registratieservice

waiting-busy = De registratieservice is te druk en heeft de portal gevraagd te wachten.
waiting-unreachable = De registratieservice is niet bereikbaar.
trying-again-now = Wordt nu opnieuw geprobeerd
trying-again-in = Nieuwe poging over { $seconds } s
trying-again-shortly = Zo meteen volgt een nieuwe poging
waiting-attempt = (poging { $attempt } van { $max }). Er gaat niets verloren: de aanvraag wordt automatisch opnieuw verzonden.
stale = De lijst is mogelijk verouderd.
stale-since = De lijst toont de apparaten zoals ze om { $time } waren.
unreadable = { $count ->
    [one] { $n } apparaat kan niet worden weergegeven omdat de gegevens ervan niet leesbaar zijn. Het is bewaard, niet verwijderd: { $first }
   *[other] { $n } apparaten kunnen niet worden weergegeven omdat hun gegevens niet leesbaar zijn. Ze zijn bewaard, niet verwijderd. Het eerste: { $first }
}
error-storage = De browser kon de gegevens niet opslaan: { $why }
error-unavailable = De registratieservice is niet beschikbaar: { $why }
error-sign-in = Meld u opnieuw aan om verder te gaan: { $why }

## Het auditlogboek

audit-title = Auditlogboek
audit-subtitle = Elke wijziging aan de apparaten van de tenant: wie ze aanbracht, wat er veranderde en wanneer. Nieuwste bovenaan.
audit-initiated-by = Gestart door
apply = Toepassen
audit-failed = Het auditlogboek kon niet worden geladen.
audit-empty-title = Geen wijzigingen vastgelegd
audit-empty = Registraties, verwijderingen, profielwijzigingen, nieuwe pogingen en demoacties verschijnen hier zodra ze worden uitgevoerd.
audit-no-targets = Geen
audit-actor-placeholder = gebruiker@contoso.com
audit-caption = Auditgebeurtenissen, nieuwste bovenaan
audit-date = Datum
audit-activity = Activiteit
audit-targets = Doelapparaten
audit-details = Details
audit-older = Oudere wijzigingen laden
audit-loading = Het auditlogboek wordt geladen…
audit-devices = { $count ->
    [one] { $n } apparaat:
   *[other] { $n } apparaten:
}
activity-import = Apparaten geregistreerd
activity-remove = Apparaten verwijderd
activity-change-profile = Profiel gewijzigd
activity-retry = Registratie opnieuw geprobeerd
activity-assign-user = Gebruiker toegewezen
activity-demo-sign-in = Demo: gebruikers aangemeld
activity-demo-clock = Demo: klok vooruitgezet
activity-demo-faults = Demo: fouten geïnjecteerd
activity-demo-reset = Demo: gegevens opnieuw ingesteld
activity-demo-seed = Demo: apparaten toegevoegd

## Bulkacties

bulk-remove = Verwijderen
bulk-change-profile = Profiel wijzigen
bulk-retry = Registratie opnieuw proberen
bulk-assign-user = Gebruiker toewijzen
selected-devices = Geselecteerde apparaten
bulk-working = { $total ->
    [one] Bezig… { $done } van { $total_n } apparaat klaar.
   *[other] Bezig… { $done } van { $total_n } apparaten klaar.
}
all-matching-selected = { $count ->
    [one] Het { $n } overeenkomende apparaat is geselecteerd.
   *[other] Alle { $n } overeenkomende apparaten zijn geselecteerd.
}
selected = { $count ->
    [one] { $n } apparaat geselecteerd.
   *[other] { $n } apparaten geselecteerd.
}
selected-hidden = { $count ->
    [one] { $n } apparaat geselecteerd, waarvan { $hidden } niet worden getoond door deze zoekopdracht of dit filter.
   *[other] { $n } apparaten geselecteerd, waarvan { $hidden } niet worden getoond door deze zoekopdracht of dit filter.
}
select-all-matching = { $count ->
    [one] Het { $n } overeenkomende apparaat selecteren
   *[other] Alle { $n } overeenkomende apparaten selecteren
}
clear-selection = Selectie wissen
bulk-remove-title = Apparaten verwijderen?
bulk-change-profile-title = Profiel wijzigen
bulk-retry-title = Registraties opnieuw proberen?
bulk-assign-user-title = Gebruiker toewijzen
bulk-type-user = Typ de user principal name van de gebruiker voor wie deze apparaten zijn.
bulk-nothing-changes = Geen van de geselecteerde apparaten zou veranderen.
bulk-will-remove = { $count ->
    [one] { $n } apparaat wordt uit uw organisatie verwijderd. Dit kan niet ongedaan worden gemaakt: registreer het opnieuw om het weer te gebruiken.
   *[other] { $n } apparaten worden uit uw organisatie verwijderd. Dit kan niet ongedaan worden gemaakt: registreer ze opnieuw om ze weer te gebruiken.
}
bulk-will-remove-of = { $count ->
    [one] { $n } van de { $selected_n } geselecteerde apparaten wordt uit uw organisatie verwijderd. Dit kan niet ongedaan worden gemaakt: registreer het opnieuw om het weer te gebruiken.
   *[other] { $n } van de { $selected_n } geselecteerde apparaten worden uit uw organisatie verwijderd. Dit kan niet ongedaan worden gemaakt: registreer ze opnieuw om ze weer te gebruiken.
}
bulk-will-change-profile = { $count ->
    [one] { $n } apparaat krijgt het profiel { $profile } en wordt bij de volgende start opnieuw ingesteld.
   *[other] { $n } apparaten krijgen het profiel { $profile } en worden bij de volgende start opnieuw ingesteld.
}
bulk-will-change-profile-of = { $count ->
    [one] { $n } van de { $selected_n } geselecteerde apparaten krijgt het profiel { $profile } en wordt bij de volgende start opnieuw ingesteld.
   *[other] { $n } van de { $selected_n } geselecteerde apparaten krijgen het profiel { $profile } en worden bij de volgende start opnieuw ingesteld.
}
bulk-will-retry = { $count ->
    [one] { $n } apparaat wordt opnieuw ingediend voor registratie.
   *[other] { $n } apparaten worden opnieuw ingediend voor registratie.
}
bulk-will-retry-of = { $count ->
    [one] { $n } van de { $selected_n } geselecteerde apparaten wordt opnieuw ingediend voor registratie.
   *[other] { $n } van de { $selected_n } geselecteerde apparaten worden opnieuw ingediend voor registratie.
}
bulk-will-assign = { $count ->
    [one] { $n } apparaat wordt toegewezen aan { $user }.
   *[other] { $n } apparaten worden toegewezen aan { $user }.
}
bulk-will-assign-of = { $count ->
    [one] { $n } van de { $selected_n } geselecteerde apparaten wordt toegewezen aan { $user }.
   *[other] { $n } van de { $selected_n } geselecteerde apparaten worden toegewezen aan { $user }.
}
bulk-skipped-reason = { $count ->
    [one] { $n } apparaat: { $why } ({ $serials })
   *[other] { $n } apparaten: { $why } ({ $serials })
}
bulk-skipped = { $count ->
    [one] { $n } apparaat wordt overgeslagen:
   *[other] { $n } apparaten worden overgeslagen:
}
bulk-run-remove = { $count ->
    [one] { $n } apparaat verwijderen
   *[other] { $n } apparaten verwijderen
}
bulk-run-retry = { $count ->
    [one] { $n } apparaat opnieuw proberen
   *[other] { $n } apparaten opnieuw proberen
}
bulk-run-change-profile = { $count ->
    [one] { $n } apparaat wijzigen
   *[other] { $n } apparaten wijzigen
}
bulk-run-assign = { $count ->
    [one] { $n } apparaat toewijzen
   *[other] { $n } apparaten toewijzen
}
bulk-profile = Profiel
bulk-user = User principal name
bulk-user-placeholder = naam@contoso.com
bulk-not-changed = { $count ->
    [one] { $n } apparaat is niet gewijzigd:
   *[other] { $n } apparaten zijn niet gewijzigd:
}
and-more = en nog { $n }
bulk-unknown = { $count ->
    [one] Van { $n } apparaat is niet bekend of het is gewijzigd: { $why } De tabel is opnieuw gelezen en toont wat de service heeft.
   *[other] Van { $n } apparaten is niet bekend of ze zijn gewijzigd: { $why } De tabel is opnieuw gelezen en toont wat de service heeft.
}
bulk-not-sent = { $count ->
    [one] { $n } apparaat is niet gewijzigd: { $why }
   *[other] { $n } apparaten zijn niet gewijzigd: { $why }
}
dismiss = Sluiten
skip-pending-remove = de registratie is nog in behandeling; verwijder het apparaat zodra die is afgerond
skip-pending-profile = de registratie is nog in behandeling, met het profiel waarmee het is ingediend
skip-same-profile = het heeft dit profiel al
skip-not-failed = alleen een mislukte registratie wordt opnieuw geprobeerd
skip-profile-gone = het profiel is niet meer ingeschakeld; wijzig het profiel en probeer het daarna opnieuw
skip-pending-user = de registratie is nog in behandeling, met de gebruiker waarmee het is ingediend
skip-same-user = het is al aan deze gebruiker toegewezen
bulk-removed = { $count ->
    [one] { $n } apparaat verwijderd.
   *[other] { $n } apparaten verwijderd.
}
bulk-profile-changed = { $count ->
    [one] Het profiel van { $n } apparaat is gewijzigd in { $profile }.
   *[other] Het profiel van { $n } apparaten is gewijzigd in { $profile }.
}
bulk-retried = { $count ->
    [one] { $n } registratie opnieuw ingediend.
   *[other] { $n } registraties opnieuw ingediend.
}
bulk-assigned = { $count ->
    [one] { $n } apparaat toegewezen aan { $user }.
   *[other] { $n } apparaten toegewezen aan { $user }.
}
bulk-already = { $count ->
    [one] Bij { $n } apparaat was dit al zo.
   *[other] Bij { $n } apparaten was dit al zo.
}

## De weigeringen van de service

refusal-not-found = Het apparaat bestaat niet meer; vernieuw de lijst.
refusal-pending-remove = Een apparaat kan niet worden verwijderd zolang de registratie in behandeling is. Wacht tot die is afgerond.
refusal-pending-profile = Het profiel kan niet veranderen zolang de registratie in behandeling is.
refusal-pending-user = De gebruiker kan niet veranderen zolang de registratie in behandeling is.
refusal-only-failed = Alleen een mislukte registratie kan opnieuw worden geprobeerd.
refusal-only-registered = Alleen op een geregistreerd apparaat kan worden aangemeld.
refusal-not-registered = Apparaat { $serial } is nog niet geregistreerd, dus niemand kan zich erop aanmelden; er is niets gewijzigd.
refusal-profile-not-enabled = Het profiel { $profile } is niet ingeschakeld voor deze organisatie.
refusal-profile-gone = Het profiel { $profile } is niet meer ingeschakeld voor deze organisatie: wijzig het profiel van het apparaat en probeer het daarna opnieuw.
refusal-only-registered-changed = Alleen van een geregistreerd apparaat kunnen het profiel en de gebruiker worden gewijzigd.
refusal-sync-running = Intune synchroniseert al met Autopilot. Apparaten tonen hun profiel zodra dat klaar is.
refusal-sync-too-soon = { $minutes ->
    [one] Autopilot neemt één synchronisatieaanvraag per 10 minuten aan, en de vorige is minder dan 10 minuten geleden. Probeer het over { $minutes } minuut opnieuw.
   *[other] Autopilot neemt één synchronisatieaanvraag per 10 minuten aan, en de vorige is minder dan 10 minuten geleden. Probeer het over { $minutes } minuten opnieuw.
}
refusal-syncs-itself = Deze service synchroniseert zelf met Autopilot.

## Een gebruiker om aan geregistreerde apparaten toe te wijzen

assign-malformed = "{ $user }" is geen user principal name: { $why }. Schrijf het als naam@uwdomein.nl.
upn-blanks = er staan spaties voor of achter
upn-no-at = er staat geen @ in
upn-local-length = het deel vóór @ is leeg of te lang
upn-local-characters = het deel vóór @ bevat tekens die een gebruikersnaam niet kan hebben
upn-domain = het deel na @ is geen domeinnaam
assign-unknown-domain = "{ $user }" valt onder { $domain }, dat niet een van de domeinen van uw organisatie is ({ $domains }). Een verkeerde gebruiker kan de apparaten blokkeren: gebruik een adres in een van die domeinen.

## Autopilot van een echte tenant: de synchronisatie en groepstags

sync-running = Intune synchroniseert met Autopilot (aangevraagd op { $time }).
sync-running-now = Intune synchroniseert met Autopilot (zojuist aangevraagd).
sync-last = Laatste synchronisatie met Autopilot: { $time }.
sync-never = Intune heeft nog niet met Autopilot gesynchroniseerd.
sync-planned = Nieuwe apparaten hebben Autopilot bereikt: de portal vraagt op { $time } een synchronisatie aan.
sync-next = Autopilot neemt vanaf { $time } weer een synchronisatieaanvraag aan.
sync-limit = Autopilot neemt één synchronisatieaanvraag per 10 minuten aan.
sync-now = Nu synchroniseren
sync-asked = Synchronisatie aangevraagd. Intune synchroniseert over een paar minuten met Autopilot; nieuwe apparaten krijgen dan hun profiel.
serial-no-tag = { $serial } (geen tag)
serial-tag = { $serial } ({ $tag })
n-more = en nog { $n }
tagging = Tags toevoegen: { $done } van { $total }…
tag-them = Tags toevoegen…
missing-tags = { $count ->
    [one] { $n } apparaat valt in geen enkele profielgroep: { $names }.
   *[other] { $n } apparaten vallen in geen enkele profielgroep: { $names }.
}
missing-tags-why = Hun groepstag is geen van de tags van de profielen (misschien heeft iemand hem in Intune gewijzigd), dus de dynamische groepen en Autopilot-profielen van de tenant bereiken ze niet.
tag-title = { $count ->
    [one] Tag toevoegen aan { $n } apparaat?
   *[other] Tags toevoegen aan { $n } apparaten?
}
tag-message = Elk apparaat krijgt de groepstag van het profiel dat de tabel ervoor toont, in plaats van de tag die het heeft: { $names }. Een tag die van geen enkel profiel is, wordt als Standaard getoond, dus deze apparaten krijgen de tag van Standaard (Microsoft365Managed_Autopilot, tenzij config.json iets anders zegt); wijzig daarna het profiel van een apparaat als het een ander moet hebben.
tag-confirm = { $count ->
    [one] Tag toevoegen aan { $n } apparaat
   *[other] Tags toevoegen aan { $n } apparaten
}
tags-added = { $count ->
    [one] Groepstag toegevoegd aan { $n } apparaat.
   *[other] Groepstag toegevoegd aan { $n } apparaten.
}
tags-refused = { $count ->
    [one] { $n } apparaat heeft geen tag gekregen: { $why }
   *[other] { $n } apparaten hebben geen tag gekregen: { $why }
}

## Hulp: hardware-hashes verkrijgen

hash-help = Hoe kom ik aan hardware-hashes?
copy-command = Opdracht kopiëren: { $command }
copy = Kopiëren
copied = Gekopieerd
hash-supplier = Van uw leverancier.
hash-supplier-about = Vraag de fabrikant of wederverkoper van uw apparaten om een Autopilot-registratiebestand. Een partner die in Partner Center is geregistreerd, kan de apparaten ook voor u registreren; dan hoeft u hier niets te uploaden.
hash-powershell = Met PowerShell op elk apparaat.
hash-powershell-about = Installeer in een PowerShell-venster met verhoogde bevoegdheden het script en schrijf daarna de hash van het apparaat naar een CSV-bestand:
hash-many-files = Bestanden van veel apparaten kunnen samen worden geüpload; u hoeft ze niet eerst samen te voegen.
hash-flash-drive = Met een USB-stick op nieuwe apparaten.
hash-flash-drive-about = Start het nieuwe apparaat, maar doorloop Windows Setup niet. Druk in het eerste installatiescherm op Shift+F10 om een opdrachtprompt te openen, voer het script uit vanaf de USB-stick en zet het apparaat daarna uit:
hash-flash-drive-warning = Zet het apparaat pas weer aan als de registratie is voltooid. Als Windows Setup eerder start, krijgt het apparaat zijn Managed Desktop-configuratie niet en moet het opnieuw worden ingesteld.

## Kolommen, downloads, de bestandslezer

columns-shown = Kolommen in de tabel
columns-serial-always = Het serienummer wordt altijd getoond: het identificeert het apparaat en opent de details ervan. Bij exporteren worden de getoonde kolommen opgenomen.
download-failed = De browser heeft de download niet gestart. Probeer het opnieuw of gebruik een andere browser.
no-browser-window = De portal draait niet in een browservenster.
reader-not-started = Deze browser kon de bestandslezer niet starten. Laad de pagina opnieuw; helpt dat niet, gebruik dan een recente versie van Edge, Chrome of Firefox.
reader-not-loaded = de bestandslezer kon niet worden geladen
reader-not-loaded-why = de bestandslezer kon niet worden geladen ({ $why })
reader-stopped = de bestandslezer is gestopt ({ $why })
files-not-read = De bestanden konden niet worden gelezen: { $why }. Kies ze opnieuw; gebeurt dit weer, laad dan de pagina opnieuw.

## De details van het auditlogboek (in het Engels vastgelegd; getoond in de taal van de pagina)

demo-actor = Demobeheerder (geen aanmelding)
detail-profile-part = Profiel: { $profile }
detail-user-part = Gebruiker: { $user }
detail-refused-part = { $named ->
    [one] { $refused_n } van { $named_n } apparaat niet gewijzigd
   *[other] { $refused_n } van { $named_n } apparaten niet gewijzigd
}
detail-advanced-part = { $days ->
    [one] { $days } dag vooruitgezet
   *[other] { $days } dagen vooruitgezet
}
detail-faults-part = { $count ->
    [one] De volgende registratie mislukt
   *[other] De volgende { $n } registraties mislukken
}
detail-seeded-part = { $count ->
    [one] { $n } synthetisch apparaat in elke status
   *[other] { $n } synthetische apparaten in elke status
}
detail-reset-part = { $removed ->
    [one] { $removed_n } apparaat verwijderd
   *[other] { $removed_n } apparaten verwijderd
}, { $seeded ->
    [one] { $seeded_n } demoapparaat aangemaakt
   *[other] { $seeded_n } demoapparaten aangemaakt
}

## De eigen woorden van de portal over de verbindingen, de opslag en config.json

http-unreachable = { $url } was na { $attempts } pogingen niet bereikbaar ({ $error }). Controleer of de server draait en probeer het daarna opnieuw.
http-lost = de verbinding met { $url } is mislukt ({ $error }), dus het is niet bekend of de wijziging is doorgevoerd. Vernieuw om de huidige stand te zien voordat u het opnieuw probeert.
http-unexpected-answer = het antwoord op { $request } is niet wat deze portal verwacht ({ $error }). Is apiBase in config.json de registratie-API?
http-too-busy = de service is na { $attempts } pogingen nog steeds te druk, dus de aanvraag is niet verzonden. Wacht een minuut en probeer het daarna opnieuw.
http-sign-in-refused = de service heeft de aanmelding niet geaccepteerd.
http-refused = De service heeft de aanvraag geweigerd (HTTP { $status }).
http-failed = de service gaf een fout
http-status = { $message } (HTTP { $status })
http-status-request = { $message } (HTTP { $status }, aanvraag-id { $request })
graph-sign-in-refused = Graph heeft de aanmelding niet geaccepteerd.
graph-forbidden = Graph heeft dit geweigerd (HTTP 403): het aangemelde account of de app heeft de benodigde machtiging niet
graph-forbidden-said = Graph heeft dit geweigerd (HTTP 403): het aangemelde account of de app heeft de benodigde machtiging niet ({ $said })
graph-refused = Graph heeft de aanvraag geweigerd (HTTP { $status }).
graph-failed = Graph gaf een fout
config-not-fetched = config.json kon niet worden opgehaald ({ $why }). Laad de pagina opnieuw.
config-unreadable = config.json kon niet worden gelezen. Laad de pagina opnieuw.
graph-no-organisation = Graph noemt geen organisatie voor deze aanmelding
graph-import-lost = Graph heeft geen import van { $serial } nadat het antwoord verloren ging; registreer het apparaat opnieuw
http-bulk-other-devices = het antwoord op een wijziging van { $n } apparaten noemt andere apparaten; vernieuw om te zien wat er is gewijzigd
http-bulk-unreadable = het antwoord op een wijziging van veel apparaten kon niet worden gelezen ({ $why }); vernieuw om te zien wat er is gewijzigd
graph-no-demo = Demobediening wijzigt de demoservice; deze portal is verbonden met een echte tenant.
graph-audit-elsewhere = Het auditlogboek van een echte tenant staat in het Intune-beheercentrum: Tenantbeheer › Auditlogboeken.
idb-blocked = een ander tabblad heeft de gegevens van deze portal nog open in een oudere versie. Sluit de andere tabbladen van de portal of laad ze opnieuw, en probeer het daarna nog eens
idb-missing = deze browser biedt geen IndexedDB (privémodus?)
embedded-too-busy = andere tabbladen wijzigden de apparaten op hetzelfde moment; hier is niets gewijzigd. Probeer het opnieuw
embedded-tenant-unreadable = de opgeslagen tenantinstellingen kunnen niet worden gelezen ({ $why }); er is niets gewijzigd. Gebruik { $reset } alleen als u opnieuw wilt beginnen.

## Wat Graph over een geregistreerd apparaat zegt, in de details

fact-autopilot-profile = Autopilot-profiel
fact-enrollment = Inschrijving
fact-assigned = Toegewezen
fact-assigned-out-of-sync = Toegewezen; het apparaat krijgt de wijziging bij het volgende contact
fact-assigned-unknown-sync = Toegewezen (nog niet bekend of het apparaat het heeft)
fact-not-assigned = Niet toegewezen: geen enkel Autopilot-profiel is gericht op een groep met dit apparaat. Controleer de groepstag en de dynamische groepen van de tenant.
fact-assigning = Wordt toegewezen
fact-assignment-failed = Toewijzen mislukt
fact-unknown = Onbekend
fact-enrolled = Ingeschreven
fact-pending-reset = Wacht op opnieuw instellen
fact-enrollment-failed = Mislukt
fact-not-contacted = Nog geen contact
