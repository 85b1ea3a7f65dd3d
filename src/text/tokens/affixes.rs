//! Prefixes, suffixes and infixes of the English tokenizer, as functions on
//! the characters of a whitespace-separated chunk. They follow the rules of
//! spaCy's English defaults: what counts as punctuation, a quote, a hyphen,
//! a currency sign, a unit or an icon, and where a full stop, comma or
//! hyphen splits a word.

use unicode_general_category::{GeneralCategory, get_general_category};

const PUNCT: &[char] = &[
    '…', ',', ':', ';', '!', '?', '¿', '؟', '¡', '(', ')', '[', ']', '{', '}', '<', '>', '_', '#', '*', '&', '。',
    '？', '！', '，', '、', '；', '：', '～', '·', '।', '،', '۔', '؛', '٪',
];

const QUOTES: &[char] = &[
    '\'', '"', '”', '“', '`', '‘', '´', '’', '‚', ',', '„', '»', '«', '「', '」', '『', '』', '（', '）', '〔', '〕',
    '【', '】', '《', '》', '〈', '〉', '〈', '〉', '⟦', '⟧',
];

const CURRENCY: &[&str] = &[
    "$", "£", "€", "¥", "฿", "US$", "C$", "A$", "₽", "﷼", "₴", "₠", "₡", "₢", "₣", "₤", "₥", "₦", "₧", "₨", "₩", "₪",
    "₫", "₭", "₮", "₯", "₰", "₱", "₲", "₳", "₵", "₶", "₷", "₸", "₹", "₺", "₻", "₼", "₾", "₿",
];

/// Units a number may be written against ("10km").
const UNITS: &[&str] = &[
    "km", "km²", "km³", "m", "m²", "m³", "dm", "dm²", "dm³", "cm", "cm²", "cm³", "mm", "mm²", "mm³", "ha", "µm", "nm",
    "yd", "in", "ft", "kg", "g", "mg", "µg", "t", "lb", "oz", "m/s", "km/h", "kmh", "mph", "hPa", "Pa", "mbar", "mb",
    "MB", "kb", "KB", "gb", "GB", "tb", "TB", "T", "G", "M", "K", "%", "км", "км²", "км³", "м", "м²", "м³", "дм",
    "дм²", "дм³", "см", "см²", "см³", "мм", "мм²", "мм³", "нм", "кг", "г", "мг", "м/с", "км/ч", "кПа", "Па", "мбар",
    "Кб", "КБ", "кб", "Мб", "МБ", "мб", "Гб", "ГБ", "гб", "Тб", "ТБ",
];

#[cfg(test)]
#[test]
fn no_suffix_is_longer_than_the_limit() {
    let longest = CURRENCY.iter().chain(UNITS).map(|s| s.chars().count()).max();
    assert!(longest.is_some_and(|n| n <= LONGEST_SUFFIX));
}

const HYPHENS: &[&str] = &["-", "–", "—", "--", "---", "——", "~"];

fn is_punct(c: char) -> bool {
    PUNCT.contains(&c)
}

fn is_quote(c: char) -> bool {
    QUOTES.contains(&c)
}

/// Symbols such as emoji and dingbats, each a token of its own.
pub(super) fn is_icon(c: char) -> bool {
    get_general_category(c) == GeneralCategory::OtherSymbol && (c as u32) < 0x1FA70
}

/// Letters of scripts without case (CJK, Hebrew, Devanagari, …) count as
/// both lower and upper case.
fn is_uncased_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase() && !c.is_ascii()
}

fn is_alpha(c: char) -> bool {
    c.is_alphabetic() && get_general_category(c) != GeneralCategory::OtherSymbol
}

fn is_lower(c: char) -> bool {
    c.is_lowercase() || is_uncased_letter(c)
}

fn is_upper(c: char) -> bool {
    c.is_uppercase() || is_uncased_letter(c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Whether `chars[at..]` starts with `literal`.
fn starts_with(chars: &[char], at: usize, literal: &str) -> bool {
    (at..).zip(literal.chars()).all(|(i, c)| chars.get(i) == Some(&c))
}

/// Whether `chars[at..]` is exactly `literal`.
fn is_exactly(chars: &[char], at: usize, literal: &str) -> bool {
    chars.len() - at == literal.chars().count() && starts_with(chars, at, literal)
}

fn dot_run(chars: &[char], at: usize) -> usize {
    chars[at..].iter().take_while(|&&c| c == '.').count()
}

/// The length of the prefix split off the front of `chars`, or 0.
pub(super) fn prefix_len(chars: &[char]) -> usize {
    let Some(&first) = chars.first() else {
        return 0;
    };
    if matches!(first, '§' | '%' | '=' | '—' | '–') {
        return 1;
    }
    if first == '+' && !chars.get(1).is_some_and(|c| is_digit(*c)) {
        return 1;
    }
    if is_punct(first) {
        return 1;
    }
    if first == '.' && dot_run(chars, 0) >= 2 {
        return dot_run(chars, 0);
    }
    if is_quote(first) {
        return 1;
    }
    if let Some(currency) = CURRENCY.iter().find(|c| starts_with(chars, 0, c)) {
        return currency.chars().count();
    }
    usize::from(is_icon(first))
}

/// The length of the suffix split off the end of `chars`, or 0: the
/// longest that any rule allows.
pub(super) fn suffix_len(chars: &[char]) -> usize {
    // A run of two or more full stops is the longest suffix when it ends
    // the chunk: no other rule matches text with a full stop before it.
    let dots = chars.iter().rev().take_while(|&&c| c == '.').count();
    if dots >= 2 {
        return dots;
    }
    // Every other suffix is at most this long ("km/h", "mbar").
    (chars.len().saturating_sub(LONGEST_SUFFIX)..chars.len())
        .find(|&at| suffix_at(chars, at))
        .map_or(0, |at| chars.len() - at)
}

/// The longest suffix other than a run of full stops, in characters.
const LONGEST_SUFFIX: usize = 5;

/// Whether `chars[at..]` is a suffix by one of the rules.
fn suffix_at(chars: &[char], at: usize) -> bool {
    let rest = chars.len() - at;
    let c = chars[at];
    let before = |back: usize| at.checked_sub(back).map(|i| chars[i]);
    if rest == 1 && (is_punct(c) || is_quote(c) || is_icon(c) || c == '—' || c == '–') {
        return true;
    }
    if is_exactly(chars, at, "……") {
        return true;
    }
    if c == '.' && rest >= 2 && dot_run(chars, at) == rest {
        return true;
    }
    if ["'s", "'S", "’s", "’S"].iter().any(|s| is_exactly(chars, at, s)) {
        return true;
    }
    let after_digit = before(1).is_some_and(is_digit);
    if after_digit && rest == 1 && c == '+' {
        return true;
    }
    if rest == 1 && c == '.' {
        if before(2) == Some('°') && before(1).is_some_and(|u| "FfCcKk".contains(u)) {
            return true;
        }
        if before(1).is_some_and(|b| {
            is_digit(b) || is_lower(b) || "%²-+".contains(b) || is_punct(b) || is_quote(b) || "|()?:".contains(b)
        }) {
            return true;
        }
        if before(1).is_some_and(is_upper) && before(2).is_some_and(is_upper) {
            return true;
        }
    }
    if after_digit
        && (CURRENCY.iter().any(|s| is_exactly(chars, at, s)) || UNITS.iter().any(|s| is_exactly(chars, at, s)))
    {
        return true;
    }
    false
}

/// The infixes of `chars`, as non-overlapping `(start, end)` ranges from
/// left to right.
pub(super) fn infixes(chars: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        match infix_at(chars, at) {
            Some(len) => {
                found.push((at, at + len));
                at += len.max(1);
            }
            None => at += 1,
        }
    }
    found
}

/// The length of an infix starting at `at`, if one does.
fn infix_at(chars: &[char], at: usize) -> Option<usize> {
    let c = chars[at];
    let before = at.checked_sub(1).map(|i| chars[i]);
    let after = |len: usize| chars.get(at + len).copied();
    if c == '.' && dot_run(chars, at) >= 2 {
        return Some(dot_run(chars, at));
    }
    if c == '…' || is_icon(c) {
        return Some(1);
    }
    if before.is_some_and(is_digit)
        && matches!(c, '+' | '-' | '*' | '^')
        && after(1).is_some_and(|n| is_digit(n) || n == '-')
    {
        return Some(1);
    }
    if c == '.'
        && before.is_some_and(|b| is_lower(b) || is_quote(b))
        && after(1).is_some_and(|n| is_upper(n) || is_quote(n))
    {
        return Some(1);
    }
    if c == ',' && before.is_some_and(is_alpha) && after(1).is_some_and(is_alpha) {
        return Some(1);
    }
    let after_word = before.is_some_and(|b| is_alpha(b) || is_digit(b));
    if after_word {
        for hyphen in HYPHENS {
            let len = hyphen.chars().count();
            if starts_with(chars, at, hyphen) && after(len).is_some_and(is_alpha) {
                return Some(len);
            }
        }
        if matches!(c, ':' | '<' | '>' | '=' | '/') && after(1).is_some_and(is_alpha) {
            return Some(1);
        }
    }
    None
}
