//! What the tagger sees of each token: the word, its lower case and shape,
//! prefixes and suffixes, its neighbours, and whether the project labelled
//! the text it is part of elsewhere.

use crfs::Attribute;

use super::gazetteer::GazetteerMarks;

/// The attributes of every token of one sequence. `words` are the tokens'
/// texts; `marks` the labelled-elsewhere tags of each token.
pub(crate) fn sequence_features(words: &[&str], marks: &GazetteerMarks) -> Vec<Vec<Attribute>> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    (0..words.len())
        .map(|i| token_features(i, words, &lower, &shapes, marks))
        .collect()
}

fn token_features(
    i: usize,
    words: &[&str],
    lower: &[String],
    shapes: &[String],
    marks: &GazetteerMarks,
) -> Vec<Attribute> {
    let mut features = Vec::with_capacity(28);
    let mut add = |name: String| features.push(Attribute::new(name, 1.0));
    let word = words[i];
    let low = &lower[i];
    add("bias".to_owned());
    add(format!("w={word}"));
    add(format!("l={low}"));
    add(format!("sh={}", shapes[i]));
    let chars: Vec<char> = low.chars().collect();
    for n in 1..=3.min(chars.len()) {
        add(format!("p{n}={}", chars[..n].iter().collect::<String>()));
        add(format!("s{n}={}", chars[chars.len() - n..].iter().collect::<String>()));
    }
    if word.chars().next().is_some_and(char::is_uppercase) {
        add("cap".to_owned());
    }
    if word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase) {
        add("allcap".to_owned());
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        add("digit".to_owned());
    }
    for (offset, name) in [(-2isize, "-2"), (-1, "-1"), (1, "+1"), (2, "+2")] {
        match i.checked_add_signed(offset).filter(|&j| j < words.len()) {
            Some(j) => {
                add(format!("{name}:l={}", lower[j]));
                if offset.abs() == 1 {
                    add(format!("{name}:sh={}", shapes[j]));
                }
            }
            None if offset.abs() == 1 => add(format!("{name}:edge")),
            None => {}
        }
    }
    if i > 0 {
        add(format!("-1|0:l={}|{low}", lower[i - 1]));
    }
    if i + 1 < words.len() {
        add(format!("0|+1:l={low}|{}", lower[i + 1]));
    }
    for tag in marks.tags(i) {
        add(format!("gaz={tag}"));
    }
    features
}

/// "Meloni" → "Xx", "G7" → "Xd", "38,816" → "d,d": each run of capitals,
/// small letters or digits becomes one symbol.
fn shape(word: &str) -> String {
    let mut shape = String::new();
    let mut last = None;
    for c in word.chars() {
        let symbol = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(symbol) {
            shape.push(symbol);
            last = Some(symbol);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Meloni"), "Xx");
        assert_eq!(shape("G7"), "Xd");
        assert_eq!(shape("38,816"), "d,d");
        assert_eq!(shape("NATO"), "X");
    }

    #[test]
    fn features_name_the_word_its_neighbours_and_marks() {
        let words = ["Giorgia", "Meloni", "spoke"];
        let mut marks = GazetteerMarks::new(3);
        marks.mark(0, 2, "PERSON");
        let features = sequence_features(&words, &marks);
        let names: Vec<&str> = features[1].iter().map(|a| a.name.as_str()).collect();
        for expected in [
            "w=Meloni",
            "l=meloni",
            "sh=Xx",
            "s3=oni",
            "-1:l=giorgia",
            "+1:l=spoke",
            "gaz=I-PERSON",
        ] {
            assert!(names.contains(&expected), "{expected} missing from {names:?}");
        }
        assert!(features[0].iter().any(|a| a.name == "-1:edge"));
    }
}
