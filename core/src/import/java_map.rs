//! Owns reading one Java-serialised `java.util.HashMap<String, String>` (FreeOTP 2's backup):
//! the stream header, the map's class description (its int and float fields: Android's older
//! HashMap has no `threshold`), its size, then that many key and value
//! strings (or back-references to earlier strings). Nothing else of Java serialisation is
//! accepted; every length is checked against the bytes left, so nothing is allocated for a
//! count the file merely claims.

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7c;
const BASE_HANDLE: u32 = 0x7e_0000;

/// True for a Java serialisation stream.
pub(super) fn is_java_serialised(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    /// Handles in stream order: the class description, the map, then each string (`None` for
    /// the non-string objects).
    handles: Vec<Option<String>>,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_be_bytes(b.try_into().unwrap_or_default()))
    }
    fn utf(&mut self, len: usize) -> Option<String> {
        // Java's modified UTF-8 equals UTF-8 except for NUL and characters beyond the BMP,
        // which FreeOTP's JSON texts do not hold; such a string is refused, not guessed.
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
    fn short_utf(&mut self) -> Option<String> {
        let len = self.u16()?;
        self.utf(usize::from(len))
    }
    /// A string object: a new one (given a handle) or a reference to an earlier one.
    fn string(&mut self) -> Option<String> {
        match self.u8()? {
            TC_STRING => {
                let s = self.short_utf()?;
                self.handles.push(Some(s.clone()));
                Some(s)
            }
            TC_LONGSTRING => {
                let len =
                    usize::try_from(u64::from_be_bytes(self.take(8)?.try_into().ok()?)).ok()?;
                let s = self.utf(len)?;
                self.handles.push(Some(s.clone()));
                Some(s)
            }
            TC_REFERENCE => {
                let index = self.u32()?.checked_sub(BASE_HANDLE)?;
                self.handles.get(usize::try_from(index).ok()?)?.clone()
            }
            _ => None,
        }
    }
}

/// The map's entries in stream order, or `None` when the bytes are not exactly a serialised
/// `HashMap` of strings.
pub(super) fn parse(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let mut c = Cursor {
        bytes: bytes.strip_prefix(&MAGIC)?,
        handles: Vec::new(),
    };
    if c.u8()? != TC_OBJECT || c.u8()? != TC_CLASSDESC || c.short_utf()? != "java.util.HashMap" {
        return None;
    }
    c.take(8)?; // serialVersionUID
    c.u8()?; // flags
    let fields = c.u16()?;
    c.handles.push(None);
    for _ in 0..fields {
        let kind = c.u8()?;
        c.short_utf()?;
        if !matches!(kind, b'F' | b'I') {
            return None;
        }
    }
    if c.u8()? != TC_ENDBLOCKDATA || c.u8()? != TC_NULL {
        return None;
    }
    c.handles.push(None);
    // The field values: loadFactor and (not on older Android) threshold, 4 bytes each.
    c.take(4 * usize::from(fields))?;
    if c.u8()? != TC_BLOCKDATA || c.u8()? != 8 {
        return None;
    }
    c.u32()?; // buckets
    let size = c.u32()?;
    let mut entries = Vec::new();
    for _ in 0..size {
        let key = c.string()?;
        let value = c.string()?;
        entries.push((key, value));
    }
    (c.u8()? == TC_ENDBLOCKDATA).then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map of `{"a": "b", "c": <reference to "b">}` as Java writes it.
    fn sample() -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.extend([TC_OBJECT, TC_CLASSDESC, 0, 17]);
        b.extend(b"java.util.HashMap");
        b.extend([0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03, 0, 2]);
        b.extend([b'F', 0, 10]);
        b.extend(b"loadFactor");
        b.extend([b'I', 0, 9]);
        b.extend(b"threshold");
        b.extend([TC_ENDBLOCKDATA, TC_NULL, 0x3f, 0x40, 0, 0, 0, 0, 0, 12]);
        b.extend([TC_BLOCKDATA, 8, 0, 0, 0, 16, 0, 0, 0, 2]);
        b.extend([TC_STRING, 0, 1, b'a', TC_STRING, 0, 1, b'b']);
        b.extend([TC_STRING, 0, 1, b'c', TC_REFERENCE, 0, 0x7e, 0, 3]);
        b.push(TC_ENDBLOCKDATA);
        b
    }

    #[test]
    fn a_map_with_a_back_reference_is_read() {
        let m = parse(&sample()).unwrap();
        assert_eq!(
            m,
            [("a".into(), "b".into()), ("c".into(), "b".into())].to_vec()
        );
    }

    #[test]
    fn every_truncation_and_a_huge_claimed_size_are_refused() {
        let s = sample();
        for n in 0..s.len() {
            assert_eq!(parse(&s[..n]), None, "{n}");
        }
        let mut huge = s.clone();
        let at = huge.len() - 1 - 17 - 4;
        huge[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(parse(&huge), None);
    }
}
