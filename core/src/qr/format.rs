//! Owns repair of a sampled grid's format information before it goes to rqrr: some encoders
//! write the 15 format bits without the standard 0x5412 mask, which rqrr's BCH check rejects
//! (zxing-cpp accepts it). When the unmasked reading is clearly the best match, the bits are
//! rewritten in standard (masked) form.

/// The standard mask applied to the format bits.
const FORMAT_MASK: u16 = 0x5412;

/// BCH(15,5) codeword of 5 format data bits (generator x^10+x^8+x^5+x^4+x^2+x+1).
fn bch_format(data: u16) -> u16 {
    let mut v = data << 10;
    for bit in (10..15).rev() {
        if v & (1 << bit) != 0 {
            v ^= 0x537 << (bit - 10);
        }
    }
    (data << 10) | v
}

/// Grid positions (x, y) of the 15 format bits (index = bit, 0 = least significant).
type FormatPositions = [(usize, usize); 15];

/// Positions of the two copies of the format bits, in the order rqrr reads them.
fn positions(size: usize) -> (FormatPositions, FormatPositions) {
    const XS: [usize; 15] = [8, 8, 8, 8, 8, 8, 8, 8, 7, 5, 4, 3, 2, 1, 0];
    const YS: [usize; 15] = [0, 1, 2, 3, 4, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8];
    let mut first = [(0, 0); 15];
    for i in 0..15 {
        first[i] = (XS[i], YS[i]);
    }
    let mut second = [(0, 0); 15];
    for i in 0..7 {
        second[14 - i] = (8, size - 1 - i);
    }
    for i in 0..8 {
        second[7 - i] = (size - 8 + i, 8);
    }
    (first, second)
}

/// Rewrites the format bits of `bits` (`size * size`, row-major, true = dark) in standard
/// form when they match an *unmasked* format codeword better than any masked one. Returns
/// whether anything was rewritten.
pub(crate) fn repair_unmasked_format(bits: &mut [bool], size: usize) -> bool {
    if size < 21 || bits.len() < size * size {
        return false;
    }
    let (first, second) = positions(size);
    let read = |pos: &FormatPositions, bits: &[bool]| -> u16 {
        pos.iter().enumerate().fold(0u16, |acc, (i, &(x, y))| {
            acc | (u16::from(bits[y * size + x]) << i)
        })
    };
    let (a, b) = (read(&first, bits), read(&second, bits));
    let dist = |c: u16| (c ^ a).count_ones().min((c ^ b).count_ones());
    let best_masked = (0..32u16)
        .map(|d| dist(bch_format(d) ^ FORMAT_MASK))
        .min()
        .unwrap_or(15);
    let best_unmasked = (0..32u16).map(|d| (dist(bch_format(d)), d)).min();
    let Some((du, d)) = best_unmasked else {
        return false;
    };
    if du > 3 || du >= best_masked {
        return false;
    }
    let fixed = bch_format(d) ^ FORMAT_MASK;
    for pos in [&first, &second] {
        for (i, &(x, y)) in pos.iter().enumerate() {
            bits[y * size + x] = fixed & (1 << i) != 0;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bch_matches_the_standard_table() {
        // ISO/IEC 18004 Table C.1: level M (00), mask 0 -> 101010000010010 after masking.
        assert_eq!(bch_format(0b00000) ^ FORMAT_MASK, 0b101010000010010);
        // Level L (01), mask 0 -> 111011111000100.
        assert_eq!(bch_format(0b01000) ^ FORMAT_MASK, 0b111011111000100);
    }

    #[test]
    fn unmasked_format_is_rewritten_masked_is_left_alone() {
        let size = 21;
        let (first, second) = positions(size);
        let write = |bits: &mut Vec<bool>, v: u16| {
            for pos in [&first, &second] {
                for (i, &(x, y)) in pos.iter().enumerate() {
                    bits[y * size + x] = v & (1 << i) != 0;
                }
            }
        };
        let mut bits = vec![false; size * size];
        write(&mut bits, bch_format(0b01011));
        assert!(repair_unmasked_format(&mut bits, size));
        let mut expected = vec![false; size * size];
        write(&mut expected, bch_format(0b01011) ^ FORMAT_MASK);
        assert_eq!(bits, expected);
        // Already standard: untouched.
        assert!(!repair_unmasked_format(&mut bits, size));
    }
}
