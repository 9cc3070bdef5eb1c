//! Plain text in the encodings minutes are saved in: UTF-8 (with or without
//! BOM), UTF-16 (with BOM, or without one when the zero bytes give it away)
//! and Windows-1252, the Swedish Windows default.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::ImportError;

/// Decodes plain-text bytes, detecting the encoding from the bytes, and
/// normalises line ends to `\n`.
pub fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let text = match detect_encoding(bytes) {
        Some(encoding) => encoding.decode(bytes).0,
        None => return Err(ImportError::Binary),
    };
    if looks_binary(&text) {
        return Err(ImportError::Binary);
    }
    Ok(normalise_line_ends(&text))
}

fn detect_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Some(encoding);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Some(encoding);
    }
    if bytes.contains(&0) {
        return None;
    }
    if std::str::from_utf8(bytes).is_ok() {
        Some(UTF_8)
    } else {
        Some(WINDOWS_1252)
    }
}

/// UTF-16 text without a BOM shows itself by zero bytes in every other
/// position: Latin text has a zero high byte in each code unit.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if zeros_odd * 10 >= pairs * 7 && zeros_even * 10 <= pairs {
        Some(UTF_16LE)
    } else if zeros_even * 10 >= pairs * 7 && zeros_odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text is binary when control characters (other than layout ones) or
/// replacement characters make up more than a few percent of it.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut suspicious = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        let is_layout = matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        if (c.is_control() && !is_layout) || c == '\u{fffd}' {
            suspicious += 1;
        }
    }
    total > 0 && suspicious * 50 > total
}

fn normalise_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SWEDISH: &str = "Närvarande: Åsa Öberg\r\nBeslut: godkänns\n";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text(SWEDISH.as_bytes()).unwrap(),
            "Närvarande: Åsa Öberg\nBeslut: godkänns\n"
        );
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(SWEDISH.as_bytes());
        assert!(decode_text(&with_bom).unwrap().starts_with("Närvarande"));
    }

    #[test]
    fn utf16_both_byte_orders_with_and_without_bom() {
        let le: Vec<u8> = SWEDISH
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = SWEDISH
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        for bytes in [le.clone(), be.clone()] {
            assert!(decode_text(&bytes).unwrap().starts_with("Närvarande: Åsa"));
        }
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(le);
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend(be);
        for bytes in [le_bom, be_bom] {
            assert!(decode_text(&bytes).unwrap().starts_with("Närvarande: Åsa"));
        }
    }

    #[test]
    fn windows_1252() {
        let (bytes, _, _) = WINDOWS_1252.encode(SWEDISH);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert!(decode_text(&bytes).unwrap().contains("Åsa Öberg"));
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(4000).collect();
        assert!(matches!(decode_text(&bytes), Err(ImportError::Binary)));
        assert!(matches!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ImportError::Binary)
        ));
    }

    #[test]
    fn empty_is_refused() {
        assert!(matches!(decode_text(b""), Err(ImportError::Empty)));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = decode_text(&bytes);
        }
    }
}
