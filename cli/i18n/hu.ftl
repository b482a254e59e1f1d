# The kulcs CLI's messages (Hungarian).
# Keys shared with the apps come from tests/vectors/messages.json (same text); the
# test i18n::tests::catalogues_agree fails when a key is missing in either language.

## Shared with the apps (tests/vectors/messages.json)
error_cancelled = Megszakítva.
error_clock_offset = Ez a korrekció túl nagy.
error_generic = Váratlan hiba történt.
error_key_character = A kulcsban nem megengedett karakter van. Kulcsban csak A–Z betűk és 2–7 számjegyek fordulnak elő (a 0, 1 és 8 általában O, I és B).
error_key_missing = A telefon széfkulcsa elveszett. Nyissa meg a biztonsági jelmondattal.
error_key_too_short = A kulcs hiányosnak tűnik: ellenőrizze, nem maradt-e ki karakter.
error_locked = A széf használatban van. Próbálja újra.
error_no_qr = A képen nem található QR-kód.
error_not_found = Ez a fiók már nem létezik.
error_note_long = A jegyzet túl hosszú.
error_passphrase_short = A jelmondat túl rövid.
error_title = Hiba történt
error_unreadable_image = Ezt a fájlt a Kulcs nem tudja képként olvasni.
error_wrong_key = A széf nem nyitható meg: rossz kulcs, vagy sérült a fájl.
import_error_damaged = Az exportfájl sérült. Semmi sem került importálásra.
import_error_empty = Az export nem tartalmaz fiókot.
import_error_password_needed = Ezt az exportot jelszó védi. Adja meg a jelszót, amellyel exportálta.
import_error_too_large = A fájl túl nagy ahhoz, hogy export legyen. Semmi sem került importálásra.
import_error_unrecognised = Ezt az exportfájlt a Kulcs nem ismeri. Exportáljon újra a másik alkalmazásból fájlba vagy QR-kódokba.
import_error_unsupported = A Kulcs felismeri ezt az exportot, de nem tudja beolvasni. Exportáljon a másik alkalmazásból más módon.
import_error_wrong_password = A jelszó nem nyitja meg az exportot, vagy a fájl sérült.
scan_not_enrolment_title = Ez a QR-kód nem hitelesítő alkalmazásnak szól.
sync_error_folder = A közös mappa nem olvasható vagy nem írható. Ellenőrizd, hogy megvan-e még, és hogy a Kulcs használhatja-e.
sync_not_in_group = Ez az eszköz még nincs szinkronizálási csoportban: küldd át rá a fiókokat egy másik eszközről a „Küldés és szinkronizálás” gombbal.
transfer_error_attempts = Túl sok hibás kód. Kezdje újra az új telefonon.
transfer_error_expired = Az új telefon kódja lejárt. Kezdje újra az új telefonon.
transfer_error_other = Ez nem ennek az átvitelnek a kódja. Olvassa be a másik telefon aktuális kódját.
transfer_error_replaces_sync_group = Ez az eszköz már egy másik szinkronizálási csoport tagja; semmi sem lett importálva.
transfer_error_restart = Ez az átvitel biztonságosan nem folytatható. Kezdje újra az új telefonon.

## The CLI's own
list-heading-id = AZONOSÍTÓ
list-heading-issuer = SZOLGÁLTATÓ
list-heading-label = FIÓK
list-heading-type = TÍPUS
list-heading-groups = CSOPORTOK
list-empty = A széf üres. Fiókot a `kulcs add --qr KÉP` vagy a `kulcs add --key KULCS --label NÉV` paranccsal adhat hozzá.
codes-empty = A széf üres.
find-none = Egyetlen fiók sem illik erre: { $query }; a `kulcs list` mindet megmutatja.
find-many = { $count } fiók illik erre: { $query }:
find-more = Adjon meg többet a névből, vagy az azonosítót.
find-which = Melyik?
copy-done = { $name } kódja a vágólapra került (még { $left } mp); { $clear } mp múlva törlődik.
copy-none = Itt nincs vágólap ({ $why }; grafikus munkamenet kell). A kódot kiírtuk helyette.
fresh-waiting = várakozás { $left } mp-ig egy friss kódra…
vault-missing = Nincs széf itt: { $path }. Fiókokat a `kulcs transfer receive` paranccsal fogadhat, vagy a `kulcs import` paranccsal importálhat.
vault-zero-bytes = A(z) { $path } széffájl üres (0 bájt): megszakadt, például megtelt lemez vagy félbemaradt másolás miatt. A Kulcs nem nyúlt hozzá; állítsa vissza biztonsági mentésből vagy egy másik eszközről.
vault-unchanged = A lemezen lévő széf változatlan maradt.
add-added = Hozzáadva: { $name } ({ $id }).
uk-length = Az Ügyfélkapu+ kulcs pontosan 16 karakter (80 bit); ez { $count } karakteres. Ellenőrizze az oldalon, nem hiányzik-e vagy nincs-e fölösleges karakter.
uk-code-needed = Az Ügyfélkapu+ beállítás mentés előtt ellenőrzi a kulcsot: adja meg a --code után az oldal által mutatott kódot (vagy futtassa terminálban, és megkérdezzük).
uk-code-wrong = A kulcs nem a(z) { $code } kódot adja: valószínűleg elgépelte; semmi sem lett mentve. Hasonlítsa össze az oldallal karakterenként.
uk-code-prompt = Az oldalon látható kód: 
key-one = A kulcs érvénytelen: a(z) { $position }. helyen álló '1' nem lehet kulcsban: 'I' (nagy i) vagy 'l' (kis L) akart lenni?
confirm-refused = { $question } Terminál nélkül nem kérdezhetünk; a megerősítéshez adja meg a --yes kapcsolót.
cancelled = Megszakítva; semmi sem változott.
