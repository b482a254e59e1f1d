//! The charset of decoded text against images written by other encoders: segno's vectors in
//! `tests/vectors/qr_charset.json` (ISO-8859-1 without ECI, UTF-8 with and without ECI,
//! ISO-8859-2 under ECI, Shift_JIS bytes and Kanji mode) and the public corpus' non-ASCII
//! (Shift_JIS) codes in `../shared/qr-corpus` (skipped with a notice when absent).

use kulcs_core::qr::{self, DecodeOptions, Decoder, LumaImage};
use std::path::PathBuf;
use std::time::Duration;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

#[test]
fn segno_vectors_read_in_their_charset() {
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(vectors_dir().join("qr_charset.json")).expect("qr_charset.json"),
    )
    .expect("json");
    let vectors = doc["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 8);
    let mut wrong = Vec::new();
    for v in vectors {
        let file = v["file"].as_str().expect("file");
        let want = v["text"].as_str().expect("text");
        let bytes = std::fs::read(vectors_dir().join("qr_charset").join(file)).expect("png");
        let syms = qr::decode_image_bytes(&bytes).expect(file);
        if syms[0].text != want {
            wrong.push(format!("{file}: {:?}, want {want:?}", syms[0].text));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The public corpus' images whose expected text is not ASCII: Japanese in Shift_JIS byte
/// mode or Kanji mode, half-width katakana, Chinese in Kanji mode. Every one the decoder
/// reads must read as the expected text (none may come out as ISO-8859-1 mojibake).
#[test]
fn public_corpus_shift_jis_codes_read_as_japanese() {
    const SJIS: [&str; 14] = [
        "10", "16", "17", "18", "19", "20", "21", "24", "26", "27", "29", "30", "30a", "31",
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/qr-corpus/qrcode-2");
    if !dir.exists() {
        eprintln!("notice: {} absent; skipping", dir.display());
        return;
    }
    std::panic::set_hook(Box::new(|_| {}));
    let opts = DecodeOptions {
        budget: Duration::from_secs(3),
        exhaustive: false,
    };
    let mut decoder = Decoder::new();
    let mut bad = Vec::new();
    for name in SJIS {
        let img = ["webp", "png", "jpg"]
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .expect("image");
        let want = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("txt");
        assert!(!want.is_ascii(), "{name} is a non-ASCII case");
        let luma = LumaImage::from_image_bytes(&std::fs::read(&img).expect("read")).expect("img");
        match decoder.decode_luma(&luma.as_frame(), &opts) {
            Ok((syms, _)) if syms[0].text == want => {}
            Ok((syms, _)) => bad.push(format!("{name}: {:?}", syms[0].text)),
            Err(e) => bad.push(format!("{name}: {e}")),
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
