//! The CLI's message catalogue (Project Fluent, `cli/i18n/{en,hu}.ftl`, compiled in): the
//! language from `LC_ALL`, `LC_MESSAGES`, `LANG` (the first one set), and [`t`] to look a
//! message up. Keys shared with the apps are those of `tests/vectors/messages.json`; core
//! errors are named by their `ErrorKind` (`crate::core_error`); clap's help is translated in
//! `crate::help`.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

const EN: &str = include_str!("../i18n/en.ftl");
const HU: &str = include_str!("../i18n/hu.ftl");

/// A language the catalogue has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    En,
    /// Hungarian.
    Hu,
}

impl Lang {
    /// The language POSIX locale variables ask for: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty; Hungarian when it starts with `hu`, else English.
    pub fn from_env() -> Lang {
        let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
        Lang::from_locale(var.as_deref().unwrap_or(""))
    }

    /// The language of a locale name such as `hu_HU.UTF-8`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("hu") {
            Lang::Hu
        } else {
            Lang::En
        }
    }

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Lang::En => ("en", EN),
            Lang::Hu => ("hu", HU),
        }
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (tag, text) = lang.source();
    let id: unic_langid::LanguageIdentifier = tag.parse().expect("a valid language tag");
    let mut b = FluentBundle::new(vec![id]);
    // No Unicode isolation marks around placeables: the terminal shows text as it is, and
    // every untrusted value passed in was already made safe by `output::safe`.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
    let _ = b.add_resource(res);
    b
}

thread_local! {
    static BUNDLE: FluentBundle<FluentResource> = bundle(Lang::from_env());
}

fn format(b: &FluentBundle<FluentResource>, key: &str, args: &[(&str, &str)]) -> String {
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, FluentValue::from(*v));
    }
    let mut errors = Vec::new();
    b.format_pattern(pattern, Some(&fa), &mut errors)
        .into_owned()
}

/// The message `key` in the user's language, if the catalogue has it.
pub fn lookup(key: &str) -> Option<String> {
    BUNDLE.with(|b| b.has_message(key).then(|| format(b, key, &[])))
}

/// [`t`] with owned argument values (numbers formatted by the caller).
pub fn t_owned(key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    t(key, &args)
}

/// The message `key` in the user's language, with `args` filled in.
pub fn t(key: &str, args: &[(&str, &str)]) -> String {
    BUNDLE.with(|b| format(b, key, args))
}

/// True when the catalogue of `lang` has `key` (for the tests of other modules).
#[cfg(test)]
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The message `key` of `lang`'s catalogue, without arguments (for tests).
#[cfg(test)]
pub fn lookup_in(lang: Lang, key: &str) -> String {
    format(&bundle(lang), key, &[])
}

/// True when the user's language is Hungarian.
pub fn is_hungarian() -> bool {
    Lang::from_env() == Lang::Hu
}

#[cfg(test)]
mod tests {
    use super::*;
    use kulcs_core::messages::{message_key, ErrorKind};
    use std::collections::BTreeSet;

    fn keys(text: &str) -> BTreeSet<String> {
        let res = FluentResource::try_new(text.to_string()).expect("the catalogue parses");
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn catalogues_agree() {
        let (en, hu) = (keys(EN), keys(HU));
        let only_en: Vec<_> = en.difference(&hu).collect();
        let only_hu: Vec<_> = hu.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in hu.ftl: {only_en:?}");
        assert!(only_hu.is_empty(), "missing in en.ftl: {only_hu:?}");
        // Every key of the apps' catalogue, with the apps' text, and every core error kind.
        let shared: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/messages.json")).unwrap();
        for (key, texts) in shared["messages"].as_object().unwrap() {
            for (lang, tag) in [(Lang::En, "en"), (Lang::Hu, "hu")] {
                assert_eq!(
                    format(&bundle(lang), key, &[]),
                    texts[tag].as_str().unwrap(),
                    "{tag} {key}"
                );
            }
        }
        for kind in ErrorKind::ALL {
            assert!(en.contains(message_key(*kind)), "{kind:?}");
        }
    }

    #[test]
    fn the_locale_variables_choose_the_language() {
        assert_eq!(Lang::from_locale("hu_HU.UTF-8"), Lang::Hu);
        assert_eq!(Lang::from_locale("hu"), Lang::Hu);
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        let hu = bundle(Lang::Hu);
        assert_eq!(
            format(&hu, "find-many", &[("count", "3"), ("query", "\"x\"")]),
            "3 fiók illik erre: \"x\":"
        );
        // Prompts keep the space after their colon.
        assert_eq!(
            format(&bundle(Lang::En), "prompt-passphrase", &[]),
            "Passphrase: "
        );
        assert_eq!(format(&hu, "prompt-passphrase", &[]), "Jelmondat: ");
        assert_eq!(
            format(&hu, "uk-code-prompt", &[]),
            "Az oldalon látható kód: "
        );
    }
}
