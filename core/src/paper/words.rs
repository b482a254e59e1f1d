//! Owns the fixed words of the emergency sheet in Hungarian and English (the sheet is made in
//! core, so every shell prints the same page).

/// The language of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLanguage {
    /// Magyar.
    Hungarian,
    /// English.
    English,
}

/// Every fixed text of the sheet.
pub struct Words {
    pub title: &'static str,
    pub made: &'static str,
    /// The footer, with `{n}` and `{of}` for the page number and count.
    pub page: &'static str,
    pub warning: &'static [&'static str],
    pub recovery_title: &'static str,
    pub recovery_how: &'static str,
    pub key: &'static str,
    pub note: &'static str,
    pub groups: &'static str,
    pub digits: &'static str,
    pub seconds: &'static str,
    pub counter: &'static str,
    pub no_accounts: &'static str,
}

const HU: Words = Words {
    title: "Kulcs – vészhelyzeti lap",
    made: "Készült:",
    page: "{n}/{of}. oldal",
    warning: &[
        "Ez a lap minden fiók beállítókulcsát tartalmazza: aki látja, belép vele.",
        "Tartsa elzárva (lezárt borítékban, széfben), mint a jelszavait, és ne fényképezze le.",
        "Ha a telefonja elveszett: telepítse a Kulcsot (vagy más hitelesítő alkalmazást), és",
        "olvassa be a QR-kódokat, vagy gépelje be a kulcsot. A megjegyzésben a törlőkód is ott lehet.",
    ],
    recovery_title: "Helyreállító kód",
    recovery_how: "Ezzel a kóddal a Kulcs széf a jelmondat nélkül is megnyílik (kulcs --recovery).",
    key: "Beállítókulcs:",
    note: "Megjegyzés:",
    groups: "Csoportok:",
    digits: "számjegy",
    seconds: "mp",
    counter: "számláló",
    no_accounts: "A széfben nincs fiók.",
};

const EN: Words = Words {
    title: "Kulcs – emergency sheet",
    made: "Made:",
    page: "page {n} of {of}",
    warning: &[
        "This sheet holds the setup key of every account: whoever sees it can sign in.",
        "Keep it locked away (a sealed envelope, a safe) like your passwords; never photograph it.",
        "If your phone is lost: install Kulcs (or another authenticator) and scan the QR codes,",
        "or type the key. The note may hold the deletion code (törlőkód).",
    ],
    recovery_title: "Recovery code",
    recovery_how: "This code opens the Kulcs vault without the passphrase (kulcs --recovery).",
    key: "Setup key:",
    note: "Note:",
    groups: "Groups:",
    digits: "digits",
    seconds: "s",
    counter: "counter",
    no_accounts: "The vault holds no accounts.",
};

impl SheetLanguage {
    pub(super) fn words(self) -> &'static Words {
        match self {
            SheetLanguage::Hungarian => &HU,
            SheetLanguage::English => &EN,
        }
    }
}
