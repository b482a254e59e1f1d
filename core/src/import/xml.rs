//! Owns parsing Android's shared-preferences XML (`<map>` of `<string name="…">…</string>`,
//! `<int name="…" value="…"/>`, …), the file several apps keep their accounts in.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::FileImportError;

/// One preference: its name and its value as text.
pub(super) struct Pref {
    pub name: String,
    pub value: String,
}

/// True when the text starts like an XML document or a bare preferences map.
pub(super) fn is_xml(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") || head.starts_with("<map")
}

fn malformed(what: impl std::fmt::Display) -> FileImportError {
    FileImportError::Malformed {
        app: "XML",
        what: what.to_string(),
    }
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, FileImportError> {
    match e.try_get_attribute(key).map_err(malformed)? {
        Some(a) => Ok(Some(a.unescape_value().map_err(malformed)?.into_owned())),
        None => Ok(None),
    }
}

/// The entity an XML text names (`&quot;`, `&#39;`), or an error for any other.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<char, FileImportError> {
    if let Some(c) = r.resolve_char_ref().map_err(malformed)? {
        return Ok(c);
    }
    match r.decode().map_err(malformed)?.as_ref() {
        "quot" => Ok('"'),
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "apos" => Ok('\''),
        other => Err(malformed(format!("unknown entity &{other};"))),
    }
}

/// The preferences of the `<map>`, in the file's order: `<string>` with its text, the others
/// with their `value` attribute. Nested sets are skipped.
pub(super) fn parse(bytes: &[u8]) -> Result<Vec<Pref>, FileImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8"))?;
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    let mut prefs = Vec::new();
    // The open `<string>` directly under `<map>`: its name and the text so far.
    let mut open: Option<Pref> = None;
    let mut depth = 0usize;
    let mut saw_map = false;
    loop {
        match reader.read_event().map_err(malformed)? {
            Event::Start(e) => {
                depth += 1;
                if depth == 1 {
                    saw_map = e.name().as_ref() == b"map";
                } else if depth == 2 && e.name().as_ref() == b"string" {
                    let name = attribute(&e, "name")?.unwrap_or_default();
                    open = Some(Pref {
                        name,
                        value: String::new(),
                    });
                }
            }
            Event::Empty(e) if depth == 1 => {
                if let (Some(name), Some(value)) = (attribute(&e, "name")?, attribute(&e, "value")?)
                {
                    prefs.push(Pref { name, value });
                }
            }
            Event::Text(t) => {
                if let Some(p) = open.as_mut() {
                    p.value.push_str(&t.decode().map_err(malformed)?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = open.as_mut() {
                    p.value.push(entity(&r)?);
                }
            }
            Event::CData(t) => {
                if let Some(p) = open.as_mut() {
                    p.value.push_str(&t.decode().map_err(malformed)?);
                }
            }
            Event::End(_) => {
                if depth == 2 {
                    prefs.extend(open.take());
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_map || depth != 0 {
        return Err(malformed("not a preferences <map>"));
    }
    Ok(prefs)
}

/// The value of the preference `name`, if the file has it.
pub(super) fn get<'a>(prefs: &'a [Pref], name: &str) -> Option<&'a str> {
    prefs
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_values_are_read_with_entities() {
        let x = br#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <int name="n" value="121" />
    <string name="s">{&quot;a&quot;:&#39;&amp;&#x41;}</string>
    <set name="ignored"><string>x</string></set>
</map>"#;
        let p = parse(x).unwrap();
        assert_eq!(get(&p, "n"), Some("121"));
        assert_eq!(get(&p, "s"), Some("{\"a\":'&A}"));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn broken_xml_is_malformed_not_a_panic() {
        for x in [
            &b"<map><string name=\"a\">x"[..],
            b"<map><string name=\"a\">&bogus;</string></map>",
            b"<notmap/>",
            b"<?xml version='1.0'?>",
        ] {
            assert!(
                matches!(parse(x), Err(FileImportError::Malformed { .. })),
                "{}",
                String::from_utf8_lossy(x)
            );
        }
    }
}
